// expected-note@+1 {{no kernel calls @plain}}
func.func @plain() -> !tile.tile<4x4xf32> {
  // expected-error@+1 {{'tile.constant' op is outside any tile.kernel function}}
  %t = tile.constant 0.0 : !tile.tile<4x4xf32>
  return %t : !tile.tile<4x4xf32>
}
// Called only from another function that no kernel calls.
// expected-note@+1 {{no kernel calls @dead_caller}}
func.func @dead_caller() {
  // expected-error@+1 {{'tile.constant' op is outside any tile.kernel function}}
  %u = tile.constant 1.0 : !tile.tile<4x4xf32>
  %t = func.call @plain() : () -> !tile.tile<4x4xf32>
  return
}
func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}
