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

// -----

func.func @f16_accumulator(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<16x16xf16>
  %acc = tile.constant 0.0 : !tile.tile<16x16xf16>
  // expected-error@+1 {{'tile.matmul' op accumulator must have f32 elements, got 'f16'}}
  %r = tile.matmul %a, %a, %acc : !tile.tile<16x16xf16>, !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf32>
  return
}

// -----

func.func @f16_result(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<16x16xf16>
  // expected-error@+1 {{'tile.matmul' op result must have f32 elements (accumulation is f32), got 'f16'}}
  %r = tile.matmul %a, %a : !tile.tile<16x16xf16>, !tile.tile<16x16xf16> -> !tile.tile<16x16xf16>
  return
}

// -----

func.func @accumulator_shape(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<16x32xf32>
  %b = tile.constant 0.0 : !tile.tile<32x8xf32>
  %acc = tile.constant 0.0 : !tile.tile<16x16xf32>
  // expected-error@+1 {{'tile.matmul' op accumulator shape 16x16 differs from the product shape 16x8}}
  %r = tile.matmul %a, %b, %acc : !tile.tile<16x32xf32>, !tile.tile<32x8xf32>, !tile.tile<16x16xf32> -> !tile.tile<16x8xf32>
  return
}

// -----

func.func @mixed_operands(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 0.0 : !tile.tile<16x16xf16>
  %b = tile.constant 0.0 : !tile.tile<16x16xbf16>
  // expected-error@+1 {{'tile.matmul' op operand element types differ: 'f16' and 'bf16'}}
  %r = tile.matmul %a, %b : !tile.tile<16x16xf16>, !tile.tile<16x16xbf16> -> !tile.tile<16x16xf32>
  return
}
