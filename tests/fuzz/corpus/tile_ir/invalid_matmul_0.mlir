// Rule: matmul shapes chain (MxK . KxN) and accumulate in f32.

func.func @not_chaining(%a: !tile.tile<32x64xf32>, %b: !tile.tile<128x32xf32>) -> !tile.tile<32x32xf32> {
  // expected-error@+1 {{'tile.matmul' op matmul shapes do not chain: 32x64 · 128x32 (K is 64 on the left and 128 on the right)}}
  %r = tile.matmul %a, %b : !tile.tile<32x64xf32>, !tile.tile<128x32xf32> -> !tile.tile<32x32xf32>
  return %r : !tile.tile<32x32xf32>
}
func.func @k1(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<32x64xf32>
  %b = tile.constant 0.0 : !tile.tile<128x32xf32>
  %r = func.call @not_chaining(%a, %b) : (!tile.tile<32x64xf32>, !tile.tile<128x32xf32>) -> !tile.tile<32x32xf32>
  return
}
