// f16 x f16 -> f32 GEMM with a bf16 copy of the result: half-precision
// operands, f32 accumulation carried through scf.for, and casts both ways.
func.func @mixed_precision_gemm(%a: memref<128x128xf16>, %b: memref<128x128xf16>,
                                %c: memref<128x128xf32>, %c16: memref<128x128xbf16>)
    attributes {tile.kernel, tile.grid = array<i64: 4, 4>} {
  %i = tile.program_id 0 : index
  %j = tile.program_id 1 : index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = tile.constant 0.0 : !tile.tile<32x32xf32>
  %acc = scf.for %k = %c0 to %c4 step %c1 iter_args(%sum = %zero) -> (!tile.tile<32x32xf32>) {
    %ta = tile.load %a[%i, %k] : memref<128x128xf16> -> !tile.tile<32x32xf16>
    %tb = tile.load %b[%k, %j] : memref<128x128xf16> -> !tile.tile<32x32xf16>
    %next = tile.matmul %ta, %tb, %sum : !tile.tile<32x32xf16>, !tile.tile<32x32xf16>, !tile.tile<32x32xf32> -> !tile.tile<32x32xf32>
    scf.yield %next : !tile.tile<32x32xf32>
  }
  tile.store %acc, %c[%i, %j] : !tile.tile<32x32xf32>, memref<128x128xf32>
  %half = tile.cast %acc : !tile.tile<32x32xf32> -> !tile.tile<32x32xbf16>
  tile.store %half, %c16[%i, %j] : !tile.tile<32x32xbf16>, memref<128x128xbf16>
  return
}
