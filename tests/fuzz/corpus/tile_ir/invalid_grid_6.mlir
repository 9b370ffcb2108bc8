// expected-error@+1 {{kernel @no_grid has no launch grid; add tile.grid = array<i64: ...>}}
func.func @no_grid(%m: memref<64xf32>) attributes {tile.kernel} {
  return
}
