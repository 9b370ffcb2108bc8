// expected-error@+1 {{a launch grid has 1 to 3 dimensions, got 4}}
func.func @four_dims(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1, 2, 3, 4>} {
  return
}
