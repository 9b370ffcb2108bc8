// A helper function called from a kernel, a 2-d grid read inside the helper,
// and scf.if on an index comparison: the edge instances skip the bias.
func.func @bias_tile(%bias: memref<4x64xf32>) -> !tile.tile<1x64xf32> {
  %j = tile.program_id 1 : index
  %c0 = arith.constant 0 : index
  %row = tile.load %bias[%j, %c0] : memref<4x64xf32> -> !tile.tile<1x64xf32>
  return %row : !tile.tile<1x64xf32>
}

func.func @bias_add(%x: memref<64x256xf32>, %bias: memref<4x64xf32>, %y: memref<64x256xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 4, 4>} {
  %i = tile.program_id 0 : index
  %j = tile.program_id 1 : index
  %c3 = arith.constant 3 : index
  %t = tile.load %x[%i, %j] : memref<64x256xf32> -> !tile.tile<16x64xf32>
  %last = arith.cmpi eq, %i, %c3 : index
  %out = scf.if %last -> (!tile.tile<16x64xf32>) {
    scf.yield %t : !tile.tile<16x64xf32>
  } else {
    %b = func.call @bias_tile(%bias) : (memref<4x64xf32>) -> !tile.tile<1x64xf32>
    %bb = tile.broadcast %b : !tile.tile<1x64xf32> -> !tile.tile<16x64xf32>
    %s = tile.add %t, %bb : !tile.tile<16x64xf32>
    scf.yield %s : !tile.tile<16x64xf32>
  }
  tile.store %out, %y[%i, %j] : !tile.tile<16x64xf32>, memref<64x256xf32>
  return
}
