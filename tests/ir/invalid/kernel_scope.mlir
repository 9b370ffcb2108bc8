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

// -----

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

// -----

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}
// expected-error@+1 {{'tile.constant' op is outside any tile.kernel function}}
%t = tile.constant 0.0 : !tile.tile<4x4xf32>
