func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{an 'i32' tile takes an integer literal, got 1.5}}
  %t = tile.constant 1.5 : !tile.tile<8x8xi32>
  return
}
