
Š
ñ// z = x + y over 4096 floats, one 1x256 tile per instance.
func.func @vec_add(%x: memref<4096xf32>, %y: memref<4096xf32>, %z: memref<4096xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 16>} {
  %i = tile.program_id 0 : index
  %a = tile.load %x[%i] : memref<4096xf32> -> !tile.tile<1x256xf32>
  %b = tile.load %y[%i] : memref<4096xf32> -> !tile.tile<1x256xf32>
  %c = tile.add %a, %b : !tile.tile<1x256xf32>
  tile.store %c, %z[%i] : !tile.tile<1x256xf32>, memref<4096xf32>
  return
}
"--target=../sm_90*