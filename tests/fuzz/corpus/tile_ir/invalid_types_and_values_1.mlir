func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{tile dimensions must be positive, got 0x8}}
  %t = tile.constant 0.0 : !tile.tile<0x8xf32>
  return
}
