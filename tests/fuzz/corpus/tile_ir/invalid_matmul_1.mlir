func.func @f16_accumulator(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<16x16xf16>
  %acc = tile.constant 0.0 : !tile.tile<16x16xf16>
  // expected-error@+1 {{'tile.matmul' op accumulator must have f32 elements, got 'f16'}}
  %r = tile.matmul %a, %a, %acc : !tile.tile<16x16xf16>, !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  return
}
