// Tile types: rank 2, positive dims, f32/f16/bf16/i32 elements; op operand
// types as the spec's forms write them.

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{a tile has exactly two dimensions (RxCxT), got 3}}
  %t = tile.constant 0.0 : !tile.tile<2x4x8xf32>
  return
}

// -----

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{tile dimensions must be positive, got 0x8}}
  %t = tile.constant 0.0 : !tile.tile<0x8xf32>
  return
}

// -----

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{tile element type must be f32, f16, bf16 or i32, got 'f64'}}
  %t = tile.constant 0.0 : !tile.tile<8x8xf64>
  return
}

// -----

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1 : !tile.tile<8x8xi32>
  // expected-error@+1 {{'tile.exp' op operand #0 must be tile of floating-point elements}}
  %e = tile.exp %t : !tile.tile<8x8xi32>
  return
}

// -----

func.func @kernel(%m: memref<64xf32>, %s: f32) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 1.0 : !tile.tile<8x8xf16>
  // expected-error@+1 {{'tile.scale' op scalar type 'f32' differs from the tile element type 'f16'}}
  %r = tile.scale %t, %s : !tile.tile<8x8xf16>, f32
  return
}

// -----

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{an 'i32' tile takes an integer literal, got 1.5}}
  %t = tile.constant 1.5 : !tile.tile<8x8xi32>
  return
}

// -----

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  // expected-error@+1 {{integer literal 4294967296 does not fit in 'i32'}}
  %t = tile.constant 4294967296 : !tile.tile<8x8xi32>
  return
}

// -----

func.func @kernel(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %a = tile.constant 1.0 : !tile.tile<8x8xf32>
  %b = tile.constant 1.0 : !tile.tile<8x8xf16>
  // expected-error@+1 {{use of value '%b' expects different type than prior uses: '!tile.tile<8x8xf32>' vs '!tile.tile<8x8xf16>'}}
  %r = tile.add %a, %b : !tile.tile<8x8xf32>
  return
}
