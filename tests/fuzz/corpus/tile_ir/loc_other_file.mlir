func.func @k(%x: memref<256xf32>) attributes {tiue.kernel, tile.grid = array<i64: 1>} {
  %i = tile.program_id 5 : index loc("fuzz.mlir":99999:1)
  return loc(fused["a.mlir":1:1, callsite("b.mlir":2:2 at "fuzz.mlir":0:0)])
} loc(#loc)
#loc = loc("other.mlir":4000000000:7)
