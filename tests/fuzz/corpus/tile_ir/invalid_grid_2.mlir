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
