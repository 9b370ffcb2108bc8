// Tile types: rank 2, positive dims, f32/f16/bf16/i32 elements; op operand
// types as the spec's forms write them.

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{a tile has exactly two dimensions (RxCxT), got 3}}
  %t = tile.constant 0.0 : !tile.tile<2x4x8xf32>
  return
}
