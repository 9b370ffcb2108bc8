func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}
// expected-error@+1 {{'tile.constant' op is outside any tile.kernel function}}
%t = tile.constant 0.0 : !tile.tile<4x4xf32>
