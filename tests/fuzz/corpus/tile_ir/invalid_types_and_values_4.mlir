func.func @kernel(%m: memref<64xf32>, %s: f32) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf16>
  // expected-error@+1 {{'tile.scale' op scalar type 'f32' differs from the tile element type 'f16'}}
  %r = tile.scale %t, %s : !tile.tile<8x8xf16>, f32
  return
}
