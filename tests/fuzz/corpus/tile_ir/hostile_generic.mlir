"builtin.module"() ({
  "func.func"() ({
  ^bb0(%arg0: memref<64xf32>):
    %0 = "tile.program_id"() {dim = 0 : i64} : () -> index
    %1 = "tile.load"(%arg0, %0) : (memref<64xf32>, index) -> !tile.tile<1x64xf32>
    "tile.store"(%1, %arg0, %0) : (!tile.tile<1x64xf32>, memref<64xf32>, index) -> ()
    "func.return"() : () -> ()
  }) {function_type = (memref<64xf32>) -> (), sym_name = "k", tile.kernel, tile.grid = array<i64: 1>} : () -> ()
}) : () -> ()
