func.func @broadcast_source(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<16x2xf32>
  // expected-error@+1 {{'tile.broadcast' op source 16x2 is neither 16x1 nor 1x512 of the result shape 16x512}}
  %r = tile.broadcast %t : !tile.tile<16x2xf32> -> !tile.tile<16x512xf32>
  return
}
