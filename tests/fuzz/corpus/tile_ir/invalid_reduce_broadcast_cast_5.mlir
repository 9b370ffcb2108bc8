func.func @cast_identical(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf32>
  // expected-error@+1 {{'tile.cast' op cast between identical types '!tile.tile<8x8xf32>'}}
  %r = tile.cast %t : !tile.tile<8x8xf32> -> !tile.tile<8x8xf32>
  return
}
