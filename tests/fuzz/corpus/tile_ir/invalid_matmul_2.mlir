func.func @f16_result(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<16x16xf16>
  // expected-error@+1 {{'tile.matmul' op result must have f32 elements (accumulation is f32), got 'f16'}}
  %r = tile.matmul %a, %a : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf16>
  return
}
