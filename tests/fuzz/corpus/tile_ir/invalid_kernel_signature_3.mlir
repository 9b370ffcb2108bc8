// expected-error@+1 {{unknown attribute 'tile.kernal'; the tile dialect defines tile.kernel and tile.grid}}
func.func @typo(%m: memref<64xf32>) attributes {tile.kernal, tile.grid = array<i64: 1>} {
  return
}
