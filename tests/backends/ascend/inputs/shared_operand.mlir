// A mixed kernel whose vector work reads a tile the cube work also reads:
// A feeds the matmul and the add after it. On split-core SoCs only the
// matmul's result crosses between the phases; A is loaded again.
func.func @shared(%a: memref<64x32xf32>, %b: memref<32x32xf32>, %c: memref<64x32xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 2>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %ta = tile.load %a[%i, %c0] : memref<64x32xf32> -> !tile.tile<32x32xf32>
  %tb = tile.load %b[%c0, %c0] : memref<32x32xf32> -> !tile.tile<32x32xf32>
  %m = tile.matmul %ta, %tb : !tile.tile<32x32xf32>, !tile.tile<32x32xf32> -> !tile.tile<32x32xf32>
  %s = tile.add %m, %ta : !tile.tile<32x32xf32>
  tile.store %s, %c[%i, %c0] : !tile.tile<32x32xf32>, memref<64x32xf32>
  return
}
