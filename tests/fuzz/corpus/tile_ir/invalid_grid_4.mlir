// expected-error@+1 {{grid extent -2 along dimension 0 must be positive}}
func.func @negative_extent(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: -2>} {
  return
}
