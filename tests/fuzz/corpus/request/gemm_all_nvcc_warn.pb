
õ
Ö// C = A * B for 256x256 f32 matrices, one 64x64 output tile per instance, K loop of 4 steps.
func.func @gemm(%a: memref<256x256xf32>, %b: memref<256x256xf32>, %c: memref<256x256xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4, 4>} {
  %i = tile.program_id 0 : index
  %j = tile.program_id 1 : index
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %zero = tile.constant 0.0 : !tile.tile<64x64xf32>
  %acc = scf.for %k = %c0 to %c4 step %c1 iter_args(%sum = %zero) -> (!tile.tile<64x64xf32>) {
    %ta = tile.load %a[%i, %k] : memref<256x256xf32> -> !tile.tile<64x64xf32>
    %tb = tile.load %b[%k, %j] : memref<256x256xf32> -> !tile.tile<64x64xf32>
    %next = tile.matmul %ta, %tb, %sum : !tile.tile<64x64xf32>, !tile.tile<64x64xf32>, !tile.tile<64x64xf32> -> !tile.tile<64x64xf32>
    scf.yield %next : !tile.tile<64x64xf32>
  }
  tile.store %acc, %c[%i, %j] : !tile.tile<64x64xf32>, memref<256x256xf32>
  return
}
	gemm.mlir"sm_80*08