func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{tile element type must be f32, f16, bf16 or i32, got 'f64'}}
  %t = tile.constant 0.0 : !tile.tile<8x8xf64>
  return
}
