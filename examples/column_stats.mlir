// Column statistics over a 64x128 block: axis-0 reductions, a 1xC row
// broadcast, and a softmax down each column.
func.func @column_stats(%x: memref<256x128xf32>, %colmax: memref<4x128xf32>,
                        %centered: memref<256x128xf32>, %probs: memref<256x128xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%i, %c0] : memref<256x128xf32> -> !tile.tile<64x128xf32>
  %m = tile.reduce_max %t {axis = 0} : !tile.tile<64x128xf32> -> !tile.tile<1x128xf32>
  tile.store %m, %colmax[%i, %c0] : !tile.tile<1x128xf32>, memref<4x128xf32>
  %s = tile.reduce_sum %t {axis = 0} : !tile.tile<64x128xf32> -> !tile.tile<1x128xf32>
  %sb = tile.broadcast %s : !tile.tile<1x128xf32> -> !tile.tile<64x128xf32>
  %c = tile.sub %t, %sb : !tile.tile<64x128xf32>
  tile.store %c, %centered[%i, %c0] : !tile.tile<64x128xf32>, memref<256x128xf32>
  %p = tile.softmax %t {axis = 0} : !tile.tile<64x128xf32>
  tile.store %p, %probs[%i, %c0] : !tile.tile<64x128xf32>, memref<256x128xf32>
  return
}
