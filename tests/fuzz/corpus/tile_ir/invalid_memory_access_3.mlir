func.func @load_element_type_differs(%m: memref<64x64xf16>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'tile.load' op element type 'f32' of the tile differs from element type 'f16' of the memref}}
  %t = tile.load %m[%c0, %c0] : memref<64x64xf16> -> !tile.tile<32x32xf32>
  return
}
