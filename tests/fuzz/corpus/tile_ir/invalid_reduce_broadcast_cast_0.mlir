// Rules: reduce (and softmax) axis is 0 or 1; a broadcast source is Rx1 or
// 1xC of the result's shape; a cast changes the element type.

func.func @reduce_axis_two(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf32>
  // expected-error@+1 {{'tile.reduce_sum' op axis must be 0 or 1, got 2}}
  %r = tile.reduce_sum %t {axis = 2} : !tile.tile<8x8xf32> -> !tile.tile<8x1xf32>
  return
}
