// scf.for with tile iter_args, scf.if with results, calls returning several
// values, several kernels in a module, and the order of grid instances.
#include <gtest/gtest.h>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

const char *kModule = R"(func.func @pair(%t: !tile.tile<2x4xi32>, %n: index) -> (!tile.tile<2x4xi32>, index) {
  %c2 = arith.constant 2 : index
  %m = arith.muli %n, %c2 : index
  %d = func.call @twice(%t) : (!tile.tile<2x4xi32>) -> !tile.tile<2x4xi32>
  return %d, %m : !tile.tile<2x4xi32>, index
}

func.func @twice(%t: !tile.tile<2x4xi32>) -> !tile.tile<2x4xi32> {
  %s = tile.add %t, %t : !tile.tile<2x4xi32>
  return %s : !tile.tile<2x4xi32>
}

// Sums, over k in [lo, hi) step 2, x doubled by the helpers where k % 4 == 0
// and x elsewhere; also counts the steps.
func.func @loops(%x: memref<2x4xi32>, %y: memref<2x4xi32>, %steps: memref<4xi32>, %lo: index, %hi: index)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %c4 = arith.constant 4 : index
  %t = tile.load %x[%c0, %c0] : memref<2x4xi32> -> !tile.tile<2x4xi32>
  %zero = tile.constant 0 : !tile.tile<2x4xi32>
  %sum, %count = scf.for %k = %lo to %hi step %c2 iter_args(%acc = %zero, %n = %c0) -> (!tile.tile<2x4xi32>, index) {
    %r = arith.remui %k, %c4 : index
    %is1 = arith.cmpi eq, %r, %c0 : index
    %add = scf.if %is1 -> (!tile.tile<2x4xi32>) {
      %d, %unused = func.call @pair(%t, %k) : (!tile.tile<2x4xi32>, index) -> (!tile.tile<2x4xi32>, index)
      scf.yield %d : !tile.tile<2x4xi32>
    } else {
      scf.yield %t : !tile.tile<2x4xi32>
    }
    %next = tile.add %acc, %add : !tile.tile<2x4xi32>
    %c1 = arith.constant 1 : index
    %n1 = arith.addi %n, %c1 : index
    scf.yield %next, %n1 : !tile.tile<2x4xi32>, index
  }
  tile.store %sum, %y[%c0, %c0] : !tile.tile<2x4xi32>, memref<2x4xi32>
  %count32 = arith.index_cast %count : index to i32
  %one = tile.constant 1 : !tile.tile<1x4xi32>
  %ct = tile.scale %one, %count32 : !tile.tile<1x4xi32>, i32
  tile.store %ct, %steps[%c0] : !tile.tile<1x4xi32>, memref<4xi32>
  return
}

// Each instance records the order it ran in at its row-major grid index.
func.func @order(%counter: memref<1xi32>, %seen: memref<24xi32>)
    attributes {tile.kernel, tile.grid = array<i64: 2, 3, 4>} {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %p0 = tile.program_id 0 : index
  %p1 = tile.program_id 1 : index
  %p2 = tile.program_id 2 : index
  %a = arith.muli %p0, %c3 : index
  %b = arith.addi %a, %p1 : index
  %c = arith.muli %b, %c4 : index
  %linear = arith.addi %c, %p2 : index
  %count = tile.load %counter[%c0] : memref<1xi32> -> !tile.tile<1x1xi32>
  tile.store %count, %seen[%linear] : !tile.tile<1x1xi32>, memref<24xi32>
  %one = tile.constant 1 : !tile.tile<1x1xi32>
  %next = tile.add %count, %one : !tile.tile<1x1xi32>
  tile.store %next, %counter[%c0] : !tile.tile<1x1xi32>, memref<1xi32>
  return
}
)";

TEST(ControlFlowTest, LoopsBranchesAndCallsCarryTiles) {
  std::vector<int32_t> x = {1, 2, 3, 4, -5, -6, 7, 100};
  HostTensor tx = intTensor({2, 4}, x);
  HostTensor ty = poisonedTensor(ElementType::kI32, {2, 4});
  HostTensor steps = poisonedTensor(ElementType::kI32, {4});
  // k = 4, 6, 8, 10: k % 4 == 0 at 4 and 8, where the call doubles x.
  std::vector<KernelArg> args{&tx, &ty, &steps, int64_t{4}, int64_t{11}};
  ReferenceResult result = runKernel({"loops.mlir", kModule}, "loops", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  auto y = intsOf(ty);
  for (size_t k = 0; k < x.size(); ++k) EXPECT_EQ(y[k], 6 * x[k]) << k;
  for (int32_t v : intsOf(steps)) EXPECT_EQ(v, 4);

  // An empty range runs no iteration and yields the initial values.
  args = {&tx, &ty, &steps, int64_t{9}, int64_t{9}};
  result = runKernel({"loops.mlir", kModule}, "loops", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  for (int32_t v : intsOf(ty)) EXPECT_EQ(v, 0);
  for (int32_t v : intsOf(steps)) EXPECT_EQ(v, 0);
}

TEST(ControlFlowTest, GridInstancesRunInRowMajorOrder) {
  HostTensor counter = intTensor({1}, {0});
  HostTensor seen = poisonedTensor(ElementType::kI32, {24});
  std::vector<KernelArg> args{&counter, &seen};
  ReferenceResult result = runKernel({"loops.mlir", kModule}, "order", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 24u);
  auto order = intsOf(seen);
  for (int32_t k = 0; k < 24; ++k) EXPECT_EQ(order[k], k);
  EXPECT_EQ(intsOf(counter)[0], 24);
}

TEST(ControlFlowTest, AnErrorInAHelperNotesTheCallSite) {
  const char *text = R"(func.func @row(%m: memref<8x8xf32>, %i: index) -> !tile.tile<1x8xf32> {
  %c0 = arith.constant 0 : index
  %t = tile.load %m[%i, %c0] : memref<8x8xf32> -> !tile.tile<1x8xf32>
  return %t : !tile.tile<1x8xf32>
}

func.func @k(%m: memref<8x8xf32>, %i: index)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = func.call @row(%m, %i) : (memref<8x8xf32>, index) -> !tile.tile<1x8xf32>
  return
}
)";
  HostTensor m = poisonedTensor(ElementType::kF32, {8, 8});
  std::vector<KernelArg> args{&m, int64_t{8}};
  ReferenceResult result = runKernel({"helper.mlir", text}, "k", args);
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  const Diagnostic &d = result.diagnostics[0];
  EXPECT_EQ(d.line, positionOf(text, "tile.load").line);
  ASSERT_EQ(d.notes.size(), 2u);
  EXPECT_EQ(d.notes[0].message, "in grid instance (0)");
  EXPECT_EQ(d.notes[1].message, "called from here");
  EXPECT_EQ(d.notes[1].line, positionOf(text, "func.call").line);
  EXPECT_EQ(d.notes[1].file, "helper.mlir");
}

}  // namespace
}  // namespace kiln::reference::test
