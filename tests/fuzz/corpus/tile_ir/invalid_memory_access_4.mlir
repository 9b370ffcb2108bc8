func.func @store_element_type_differs(%m: memref<64x64xi32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.constant 1.0 : !tile.tile<32x32xf32>
  // expected-error@+1 {{'tile.store' op element type 'f32' of the tile differs from element type 'i32' of the memref}}
  tile.store %t, %m[%c0, %c0] : !tile.tile<32x32xf32>, memref<64x64xi32>
  return
}
