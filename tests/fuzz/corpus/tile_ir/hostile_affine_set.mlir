func.func @k(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>, s = affine_set<(d0) : (d0 - - - 1 >= 0)>} {
  return
}
