// Rules: reduce (and softmax) axis is 0 or 1; a broadcast source is Rx1 or
// 1xC of the result's shape; a cast changes the element type.

func.func @reduce_axis_two(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf32>
  // expected-error@+1 {{'tile.reduce_sum' op axis must be 0 or 1, got 2}}
  %r = tile.reduce_sum %t {axis = 2} : !tile.tile<8x8xf32> -> !tile.tile<8x1xf32>
  return
}

// -----

func.func @reduce_result_shape(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x16xf32>
  // expected-error@+1 {{'tile.reduce_max' op reducing 8x16 along axis 0 gives 1x16, not 8x1}}
  %r = tile.reduce_max %t {axis = 0} : !tile.tile<8x16xf32> -> !tile.tile<8x1xf32>
  return
}

// -----

func.func @softmax_axis(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf32>
  // expected-error@+1 {{'tile.softmax' op axis must be 0 or 1, got 3}}
  %r = tile.softmax %t {axis = 3} : !tile.tile<8x8xf32>
  return
}

// -----

func.func @broadcast_source(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<16x2xf32>
  // expected-error@+1 {{'tile.broadcast' op source 16x2 is neither 16x1 nor 1x512 of the result shape 16x512}}
  %r = tile.broadcast %t : !tile.tile<16x2xf32> -> !tile.tile<16x512xf32>
  return
}

// -----

func.func @broadcast_wrong_rows(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x1xf32>
  // expected-error@+1 {{'tile.broadcast' op source 8x1 is neither 16x1 nor 1x512 of the result shape 16x512}}
  %r = tile.broadcast %t : !tile.tile<8x1xf32> -> !tile.tile<16x512xf32>
  return
}

// -----

func.func @cast_identical(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf32>
  // expected-error@+1 {{'tile.cast' op cast between identical types '!tile.tile<8x8xf32>'}}
  %r = tile.cast %t : !tile.tile<8x8xf32> -> !tile.tile<8x8xf32>
  return
}

// -----

func.func @cast_shape(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf32>
  // expected-error@+1 {{'tile.cast' op cast changes the shape from 8x8 to 4x16; a cast converts element types only}}
  %r = tile.cast %t : !tile.tile<8x8xf32> -> !tile.tile<4x16xf16>
  return
}
