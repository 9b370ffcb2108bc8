func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 1.0 : !tile.tile<8x8xf32>
  %b = tile.constant 1.0 : !tile.tile<8x8xf16>
  // expected-error@+1 {{use of value '%b' expects different type than prior uses: '!tile.tile<8x8xf32>' vs '!tile.tile<8x8xf16>'}}
  %r = tile.add %a, %b : !tile.tile<8x8xf32>
  return
}
