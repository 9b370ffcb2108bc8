func.func @reduce_result_shape(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x16xf32>
  // expected-error@+1 {{'tile.reduce_max' op reducing 8x16 along axis 0 gives 1x16, not 8x1}}
  %r = tile.reduce_max %t {axis = 0} : !tile.tile<8x16xf32> -> !tile.tile<8x1xf32>
  return
}
