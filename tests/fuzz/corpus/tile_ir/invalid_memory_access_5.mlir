func.func @rank1_needs_row_tile(%m: memref<1024xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{a rank-1 memref takes a 1xC tile, got 2x256}}
  %t = tile.load %m[%c0] : memref<1024xf32> -> !tile.tile<2x256xf32>
  return
}
