// expected-error@+1 {{kernel argument #1 has type 'i64'; a kernel takes static memrefs and f32, i32 or index scalars}}
func.func @bad_scalar(%m: memref<64xf32>, %n: i64)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}
