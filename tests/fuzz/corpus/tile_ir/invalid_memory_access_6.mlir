func.func @index_count(%m: memref<64x64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{expected 2 indices for a rank-2 memref, got 1}}
  %t = tile.load %m[%c0] : memref<64x64xf32> -> !tile.tile<32x32xf32>
  return
}
