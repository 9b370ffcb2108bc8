// Rule: a tile shape must divide the memref shape it is loaded from or stored to,
// and the element types of memref and tile must match.

func.func @load_rows_not_dividing(%m: memref<100x128xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'tile.load' op tile shape 32x128 does not divide memref shape 100x128: 100 rows are not a multiple of 32}}
  %t = tile.load %m[%c0, %c0] : memref<100x128xf32> -> !tile.tile<32x128xf32>
  return
}

// -----

func.func @store_cols_not_dividing(%m: memref<64x100xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.constant 0.0 : !tile.tile<64x64xf32>
  // expected-error@+1 {{'tile.store' op tile shape 64x64 does not divide memref shape 64x100: 100 columns are not a multiple of 64}}
  tile.store %t, %m[%c0, %c0] : !tile.tile<64x64xf32>, memref<64x100xf32>
  return
}

// -----

func.func @load_rank1_not_dividing(%m: memref<1000xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{tile shape 1x256 does not divide memref shape 1000: 1000 is not a multiple of 256}}
  %t = tile.load %m[%c0] : memref<1000xf32> -> !tile.tile<1x256xf32>
  return
}

// -----

func.func @load_element_type_differs(%m: memref<64x64xf16>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'tile.load' op element type 'f32' of the tile differs from element type 'f16' of the memref}}
  %t = tile.load %m[%c0, %c0] : memref<64x64xf16> -> !tile.tile<32x32xf32>
  return
}

// -----

func.func @store_element_type_differs(%m: memref<64x64xi32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.constant 1.0 : !tile.tile<32x32xf32>
  // expected-error@+1 {{'tile.store' op element type 'f32' of the tile differs from element type 'i32' of the memref}}
  tile.store %t, %m[%c0, %c0] : !tile.tile<32x32xf32>, memref<64x64xi32>
  return
}

// -----

func.func @rank1_needs_row_tile(%m: memref<1024xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{a rank-1 memref takes a 1xC tile, got 2x256}}
  %t = tile.load %m[%c0] : memref<1024xf32> -> !tile.tile<2x256xf32>
  return
}

// -----

func.func @index_count(%m: memref<64x64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{expected 2 indices for a rank-2 memref, got 1}}
  %t = tile.load %m[%c0] : memref<64x64xf32> -> !tile.tile<32x32xf32>
  return
}
