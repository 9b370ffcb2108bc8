// Rule: a tile shape must divide the memref shape it is loaded from or stored to,
// and the element types of memref and tile must match.

func.func @load_rows_not_dividing(%m: memref<100x128xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  // expected-error@+1 {{'tile.load' op tile shape 32x128 does not divide memref shape 100x128: 100 rows are not a multiple of 32}}
  %t = tile.load %m[%c0, %c0] : memref<100x128xf32> -> !tile.tile<32x128xf32>
  return
}
