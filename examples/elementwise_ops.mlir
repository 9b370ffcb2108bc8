// Every elementwise op on one 8x64 block per instance: binary, unary, scale,
// relu and an i32 path, so each lowering sees the whole elementwise set.
func.func @elementwise_ops(%a: memref<64x64xf32>, %b: memref<64x64xf32>, %out: memref<64x64xf32>,
                           %k: memref<64x64xi32>, %kout: memref<64x64xi32>, %alpha: f32)
    attributes {tile.kernel, tile.grid = array<i64: 8>} {
  %i = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %x = tile.load %a[%i, %c0] : memref<64x64xf32> -> !tile.tile<8x64xf32>
  %y = tile.load %b[%i, %c0] : memref<64x64xf32> -> !tile.tile<8x64xf32>
  %sum = tile.add %x, %y : !tile.tile<8x64xf32>
  %diff = tile.sub %x, %y : !tile.tile<8x64xf32>
  %prod = tile.mul %sum, %diff : !tile.tile<8x64xf32>
  %one = tile.constant 1.0 : !tile.tile<8x64xf32>
  %ay = tile.abs %y : !tile.tile<8x64xf32>
  %den = tile.add %ay, %one : !tile.tile<8x64xf32>
  %quot = tile.div %prod, %den : !tile.tile<8x64xf32>
  %hi = tile.max %quot, %x : !tile.tile<8x64xf32>
  %lo = tile.min %hi, %y : !tile.tile<8x64xf32>
  %e = tile.exp %lo : !tile.tile<8x64xf32>
  %l = tile.log %den : !tile.tile<8x64xf32>
  %s = tile.sqrt %den : !tile.tile<8x64xf32>
  %r = tile.rsqrt %den : !tile.tile<8x64xf32>
  %n = tile.neg %l : !tile.tile<8x64xf32>
  %t0 = tile.add %e, %n : !tile.tile<8x64xf32>
  %t1 = tile.mul %s, %r : !tile.tile<8x64xf32>
  %t2 = tile.sub %t0, %t1 : !tile.tile<8x64xf32>
  %t3 = tile.relu %t2 : !tile.tile<8x64xf32>
  %t4 = tile.scale %t3, %alpha : !tile.tile<8x64xf32>, f32
  tile.store %t4, %out[%i, %c0] : !tile.tile<8x64xf32>, memref<64x64xf32>
  %ki = tile.load %k[%i, %c0] : memref<64x64xi32> -> !tile.tile<8x64xi32>
  %two = tile.constant -2 : !tile.tile<8x64xi32>
  %kn = tile.neg %ki : !tile.tile<8x64xi32>
  %km = tile.mul %kn, %two : !tile.tile<8x64xi32>
  %ka = tile.abs %km : !tile.tile<8x64xi32>
  %kr = tile.relu %ka : !tile.tile<8x64xi32>
  tile.store %kr, %kout[%i, %c0] : !tile.tile<8x64xi32>, memref<64x64xi32>
  return
}
