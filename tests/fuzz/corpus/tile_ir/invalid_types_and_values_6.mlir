func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{integer literal 4294967296 does not fit in 'i32'}}
  %t = tile.constant 4294967296 : !tile.tile<8x8xi32>
  return
}
