// A tile loaded and never used: the oracle warns, as compilers warn on an
// unused variable.
func.func @dead_load(%x: memref<64x64xf32>, %y: memref<64x64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %unused = tile.load %y[%c0, %c0] : memref<64x64xf32> -> !tile.tile<32x32xf32>
  %t = tile.load %x[%c0, %c0] : memref<64x64xf32> -> !tile.tile<32x32xf32>
  %r = tile.relu %t : !tile.tile<32x32xf32>
  tile.store %r, %x[%c0, %c0] : !tile.tile<32x32xf32>, memref<64x64xf32>
  return
}
