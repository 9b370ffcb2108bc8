"func.func"() ({
^bb0:
  "func.return"() : () -> ()
}) {funct$on_type = (memref<64xf32>) -> (), sym_name = "k", tile.kernel, tile.grid = array<i64: 1>} : () -> ()
