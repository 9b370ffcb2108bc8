func.func @accumulator_shape(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<16x32xf32>
  %b = tile.constant 0.0 : !tile.tile<32x8xf32>
  %acc = tile.constant 0.0 : !tile.tile<16x16xf32>
  // expected-error@+1 {{'tile.matmul' op accumulator shape 16x16 differs from the product shape 16x8}}
  %r = tile.matmul %a, %b, %acc : !tile.tile<16x32xf32>, !tile.tile<32x8xf32>, !tile.tile<16x16xf32> -> !tile.tile<16x8xf32>
  return
}
