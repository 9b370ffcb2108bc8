func.func @load_rank1_not_dividing(%m: memref<1000xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{tile shape 1x256 does not divide memref shape 1000: 1000 is not a multiple of 256}}
  %t = tile.load %m[%c0] : memref<1000xf32> -> !tile.tile<1x256xf32>
  return
}
