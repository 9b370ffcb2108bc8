func.func @store_cols_not_dividing(%m: memref<64x100xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.constant 0.0 : !tile.tile<64x64xf32>
  // expected-error@+1 {{'tile.store' op tile shape 64x64 does not divide memref shape 64x100: 100 columns are not a multiple of 64}}
  tile.store %t, %m[%c0, %c0] : !tile.tile<64x64xf32>, memref<64x100xf32>
  return
}
