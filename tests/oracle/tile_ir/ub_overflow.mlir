// 2 x 128 KiB of f32 tiles live at once: more than any Ascend UB holds.
func.func @ub_overflow(%x: memref<256x256xf32>, %y: memref<256x256xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %a = tile.load %x[%c0, %c0] : memref<256x256xf32> -> !tile.tile<128x256xf32>
  %b = tile.load %y[%c0, %c0] : memref<256x256xf32> -> !tile.tile<128x256xf32>
  %s = tile.add %a, %b : !tile.tile<128x256xf32>
  tile.store %s, %x[%c0, %c0] : !tile.tile<128x256xf32>, memref<256x256xf32>
  return
}
