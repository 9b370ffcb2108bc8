// expected-error@+1 {{kernel argument #0 must be a statically shaped memref, got 'memref<?x64xf32>'}}
func.func @dynamic_memref(%m: memref<?x64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}
