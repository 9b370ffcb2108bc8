// Issue #13: a constant tile coordinate past the memref was called clean,
// and the generated code read far past the buffer. 16 tiles of 1x256 fit in
// 4096 floats; tile 99 (line 9) and tile -1 (line 11) do not. Tile 15 and
// the run-time index are fine.
func.func @oob(%x: memref<4096xf32>, %y: memref<64x64xf32>) attributes {tile.kernel, tile.grid = array<i64: 16>} {
  %i = tile.program_id 0 : index
  %c15 = arith.constant 15 : index
  %c99 = arith.constant 99 : index
  %a = tile.load %x[%c99] : memref<4096xf32> -> !tile.tile<1x256xf32>
  %cm1 = arith.constant -1 : index
  tile.store %a, %x[%cm1] : !tile.tile<1x256xf32>, memref<4096xf32>
  %b = tile.load %x[%c15] : memref<4096xf32> -> !tile.tile<1x256xf32>
  tile.store %b, %x[%i] : !tile.tile<1x256xf32>, memref<4096xf32>
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %t = tile.load %y[%c0, %c2] : memref<64x64xf32> -> !tile.tile<32x32xf32>
  tile.store %t, %y[%c0, %c0] : !tile.tile<32x32xf32>, memref<64x64xf32>
  return
}
