// Rule: a kernel returns nothing; its arguments are static memrefs and scalars.

// expected-error@+1 {{kernel @returns_value must not return values, but returns 1}}
func.func @returns_value(%m: memref<64xf32>) -> i32
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}
