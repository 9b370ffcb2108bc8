// Rule: tile.program_id dims must lie inside the kernel's grid rank, and a
// grid has 1 to 3 positive extents.

// expected-note@+1 {{grid declared here}}
func.func @program_id_beyond_grid(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4>} {
  // expected-error@+1 {{'tile.program_id' op grid dimension 1 is outside the 1-d grid of kernel @program_id_beyond_grid}}
  %j = tile.program_id 1 : index
  return
}

// -----

func.func @program_id_dim_three(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 2, 2, 2>} {
  // expected-error@+1 {{'tile.program_id' op grid dimension must be 0, 1 or 2, got 3}}
  %p = tile.program_id 3 : index
  return
}

// -----

func.func @helper_reads_dim1(%m: memref<64xf32>) -> !tile.tile<1x64xf32> {
  // expected-error@+1 {{'tile.program_id' op grid dimension 1 is outside the 1-d grid of kernel @caller, which calls @helper_reads_dim1}}
  %j = tile.program_id 1 : index
  %t = tile.load %m[%j] : memref<64xf32> -> !tile.tile<1x64xf32>
  return %t : !tile.tile<1x64xf32>
}

// expected-note@+1 {{kernel @caller declared here}}
func.func @caller(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 8>} {
  %t = func.call @helper_reads_dim1(%m) : (memref<64xf32>) -> !tile.tile<1x64xf32>
  return
}

// -----

// expected-error@+1 {{grid extent 0 along dimension 1 must be positive}}
func.func @zero_extent(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4, 0>} {
  return
}

// -----

// expected-error@+1 {{grid extent -2 along dimension 0 must be positive}}
func.func @negative_extent(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: -2>} {
  return
}

// -----

// expected-error@+1 {{a launch grid has 1 to 3 dimensions, got 4}}
func.func @four_dims(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1, 2, 3, 4>} {
  return
}

// -----

// expected-error@+1 {{kernel @no_grid has no launch grid; add tile.grid = array<i64: ...>}}
func.func @no_grid(%m: memref<64xf32>) attributes {tile.kernel} {
  return
}

// -----

// expected-error@+1 {{'tile.grid' must be array<i64: G0[, G1[, G2]]>}}
func.func @grid_not_array(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = 4 : i64} {
  return
}
