func.func @mixed_operands(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<16x16xf16>
  %b = tile.constant 0.0 : !tile.tile<16x16xbf16>
  // expected-error@+1 {{'tile.matmul' op operand element types differ: 'f16' and 'bf16'}}
  %r = tile.matmul %a, %b : !tile.tile<16x16xf16>, !tile.tile<16x16xbf16> -> !tile.tile<16x16xf32>
  return
}
