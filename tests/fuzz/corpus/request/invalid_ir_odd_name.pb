
˜
øfunc.func @program_id_dim_three(%m: memref<64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 2, 2, 2>} {
  // expected-error@+1 {{'tile.program_id' op grid dimension must be 0, 1 or 2, got 3}}
  %p = tile.program_id 3 : index
  return
}
a
b/../c.mlir:3:4"sm_90*