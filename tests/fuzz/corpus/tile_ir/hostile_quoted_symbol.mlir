func.func @"../../etc/passwd"() { return }
func.func @"\00\n"() { return }
func.func @"a/b"(%x: memref<256xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %i = tile.program_id 0 : index
  %a = tile.load %x[%i] : memref<256xf32> -> !tile.tile<1x256xf32>
  tile.store %a, %x[%i] : !tile.tile<1x256xf32>, memref<256xf32>
  func.call @"../../etc/passwd"() : () -> ()
  func.call @"\00\n"() : () -> ()
  return
}
