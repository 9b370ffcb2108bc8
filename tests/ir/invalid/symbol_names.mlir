// Rule ir.symbol-name: kernel and helper names are C identifiers, since a
// name reaches generated CUDA C, PTX symbols, cubins and launch manifests
// (issue #13: "a/b/c" aborted kilnd in LLVM; "../../etc/passwd" and a
// newline reached the CUDA C source).

// expected-error@+1 {{function name @"a/b/c" holds characters other than letters, digits and '_'; kernel and helper names must be C identifiers [ir.symbol-name]}}
func.func @"a/b/c"(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// expected-error@+1 {{function name @"../../etc/passwd" does not start with a letter or '_'}}
func.func @"../../etc/passwd"() attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// expected-error@+1 {{function name @".." does not start with a letter or '_'}}
func.func @".."() attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// expected-error@+1 {{function name @"evil\0Aname" holds characters other than}}
func.func @"evil\0Aname"() attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// expected-error@+1 {{function name @"x\0A#include \22/etc/passwd\22" holds characters}}
func.func @"x\n#include \"/etc/passwd\""() attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// expected-error@+1 {{function name @"int" is a C++ keyword or a CUDA built-in name}}
func.func @int() attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// expected-error@+1 {{function name @"__global_helper" starts with '__'}}
func.func @__global_helper() {
  return
}
func.func @k() attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// A helper's name is checked too, whether or not a kernel calls it.
// expected-error@+1 {{function name @"threadIdx" is a C++ keyword or a CUDA built-in name}}
func.func @threadIdx() {
  return
}
func.func @k() attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}

// -----

// The longest name allowed is 128 bytes; the 129th is refused.
// expected-error@+1 {{is 129 bytes long; names are at most 128}}
func.func @aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa() attributes {tile.kernel, tile.grid = array<i64: 1>} {
  return
}
