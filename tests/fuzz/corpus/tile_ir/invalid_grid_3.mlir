// expected-error@+1 {{grid extent 0 along dimension 1 must be positive}}
func.func @zero_extent(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4, 0>} {
  return
}
