func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1 : !tile.tile<8x8xi32>
  // expected-error@+1 {{'tile.exp' op operand #0 must be tile of floating-point elements}}
  %e = tile.exp %t : !tile.tile<8x8xi32>
  return
}
