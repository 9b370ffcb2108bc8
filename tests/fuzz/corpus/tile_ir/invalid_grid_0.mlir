// Rule: tile.program_id dims must lie inside the kernel's grid rank, and a
// grid has 1 to 3 positive extents.

// expected-note@+1 {{grid declared here}}
func.func @program_id_beyond_grid(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4>} {
  // expected-error@+1 {{'tile.program_id' op grid dimension 1 is outside the 1-d grid of kernel @program_id_beyond_grid}}
  %j = tile.program_id 1 : index
  return
}
