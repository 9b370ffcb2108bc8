func.func @cast_shape(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf32>
  // expected-error@+1 {{'tile.cast' op cast changes the shape from 8x8 to 4x16; a cast converts element types only}}
  %r = tile.cast %t : !tile.tile<8x8xf32> -> !tile.tile<4x16xf16>
  return
}
