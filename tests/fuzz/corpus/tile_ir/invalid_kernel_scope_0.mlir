// Rule: tile ops appear only in a tile.kernel function or a function called
// (directly or not) from one.

// expected-note@+1 {{no kernel calls @orphan}}
func.func @orphan(%m: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'tile.load' op is outside any tile.kernel function and any function called from one}}
  %t = tile.load %m[%c0] : memref<64xf32> -> !tile.tile<1x64xf32>
  return
}
func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}
