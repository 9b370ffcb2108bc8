func.func @softmax_axis(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf32>
  // expected-error@+1 {{'tile.softmax' op axis must be 0 or 1, got 3}}
  %r = tile.softmax %t {axis = 3} : !tile.tile<8x8xf32>
  return
}
