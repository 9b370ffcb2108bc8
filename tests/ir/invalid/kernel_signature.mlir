// Rule: a kernel returns nothing; its arguments are static memrefs and scalars.

// expected-error@+1 {{kernel @returns_value must not return values, but returns 1}}
func.func @returns_value(%m: memref<64xf32>) -> i32
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : i32
  return %c0 : i32
}

// -----

// expected-error@+1 {{kernel argument #0 must be a statically shaped memref, got 'memref<?x64xf32>'}}
func.func @dynamic_memref(%m: memref<?x64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// expected-error@+1 {{kernel argument #1 has type 'i64'; a kernel takes static memrefs and f32, i32 or index scalars}}
func.func @bad_scalar(%m: memref<64xf32>, %n: i64)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// expected-error@+1 {{unknown attribute 'tile.kernal'; the tile dialect defines tile.kernel and tile.grid}}
func.func @typo(%m: memref<64xf32>) attributes {tile.kernal, tile.grid = array<i64: 1>} {
  return
}

// -----

// Found by the request fuzzer: an entry block with fewer arguments than the
// signature once crashed the kernel-argument checks, which run before
// func.func's own verifier.
// expected-error@+1 {{'func.func' op entry block must have 1 arguments to match function signature}}
"func.func"() ({
^bb0:
  "func.return"() : () -> ()
}) {function_type = (memref<64xf32>) -> (), sym_name = "short_entry_block",
    tile.kernel, tile.grid = array<i64: 1>} : () -> ()

// -----

// Found by the tile_ir fuzzer: a generic func.func without its function_type
// once crashed the kernel checks, which read the type before func.func's own
// verifier says it is missing.
// expected-error@+1 {{'func.func' op requires attribute 'function_type'}}
"func.func"() ({
^bb0:
  "func.return"() : () -> ()
}) {funct$on_type = (memref<64xf32>) -> (), sym_name = "no_type", tile.kernel, tile.grid = array<i64: 1>} : () -> ()

// -----

// expected-error@+1 {{'func.func' op requires attribute 'sym_name'}}
"func.func"() ({
^bb0:
  "func.return"() : () -> ()
}) {function_type = () -> (), tile.kernel, tile.grid = array<i64: 1>} : () -> ()
