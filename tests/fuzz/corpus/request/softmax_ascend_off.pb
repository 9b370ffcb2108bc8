
¯
š// Row softmax written out by hand (max, subtract, exp, sum, divide), 32 rows per instance.
func.func @softmax_rows(%x: memref<1024x128xf32>, %y: memref<1024x128xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 32>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%i, %c0] : memref<1024x128xf32> -> !tile.tile<32x128xf32>
  %m = tile.reduce_max %t {axis = 1} : !tile.tile<32x128xf32> -> !tile.tile<32x1xf32>
  %mb = tile.broadcast %m : !tile.tile<32x1xf32> -> !tile.tile<32x128xf32>
  %d = tile.sub %t, %mb : !tile.tile<32x128xf32>
  %e = tile.exp %d : !tile.tile<32x128xf32>
  %s = tile.reduce_sum %e {axis = 1} : !tile.tile<32x128xf32> -> !tile.tile<32x1xf32>
  %sb = tile.broadcast %s : !tile.tile<32x1xf32> -> !tile.tile<32x128xf32>
  %r = tile.div %e, %sb : !tile.tile<32x128xf32>
  tile.store %r, %y[%i, %c0] : !tile.tile<32x128xf32>, memref<1024x128xf32>
  return
}
"ascend910b2*8