// expected-error@+1 {{'tile.grid' must be array<i64: G0[, G1[, G2]]>}}
func.func @grid_not_array(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = 4 : i64} {
  return
}
