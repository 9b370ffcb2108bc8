// Run-time faults end the run with a diagnostic located at the op that
// faulted, never a crash, an out-of-bounds access or a hang.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

/// Expects exactly one error, at the first occurrence of `needle` in `text`,
/// whose message contains `message`.
void expectErrorAt(const ReferenceResult &result, const std::string &text, const std::string &needle,
                   const std::string &message) {
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  const Diagnostic &d = result.diagnostics[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_NE(d.message.find(message), std::string::npos) << d.message;
  Position p = positionOf(text, needle);
  EXPECT_EQ(d.line, p.line) << describe(result.diagnostics);
  EXPECT_EQ(d.column, p.column) << describe(result.diagnostics);
}

const char *kLoadRow = R"(func.func @load_row(%x: memref<64x64xf32>, %y: memref<64x64xf32>, %row: index)
    attributes {tile.kernel, tile.grid = array<i64: 2>} {
  %c0 = arith.constant 0 : index
  %p = tile.program_id 0 : index
  %r = arith.addi %row, %p : index
  %t = tile.load %x[%r, %c0] : memref<64x64xf32> -> !tile.tile<16x64xf32>
  tile.store %t, %y[%p, %c0] : !tile.tile<16x64xf32>, memref<64x64xf32>
  return
}
)";

TEST(RuntimeErrorsTest, OutOfBoundsLoadIsALocatedError) {
  HostTensor x = floatTensor(ElementType::kF32, {64, 64}, randomFloats(64 * 64, 3, 0.0f, 1.0f));
  HostTensor y = poisonedTensor(ElementType::kF32, {64, 64});
  // Instance 0 loads tile row 3 (the last one); instance 1 asks for row 4.
  std::vector<KernelArg> args{&x, &y, int64_t{3}};
  ReferenceResult result = runKernel({"oob.mlir", kLoadRow}, "load_row", args);
  expectErrorAt(result, kLoadRow, "tile.load",
                "'tile.load' op tile (4, 0) of shape 16x64 lies outside the memref of shape 64x64: rows 64..79 of 64");
  EXPECT_EQ(result.instances_run, 1u);
  ASSERT_EQ(result.diagnostics[0].notes.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].notes[0].message, "in grid instance (1)");
  // Instance 0 stored rows 48..63 of x into tile row 0 of y; the faulting
  // instance wrote nothing.
  auto xs = floatsOf(x), ys = floatsOf(y);
  for (size_t k = 0; k < 16 * 64; ++k) ASSERT_EQ(ys[k], xs[48 * 64 + k]);
  for (size_t k = 16 * 64; k < ys.size(); ++k) ASSERT_TRUE(std::isnan(ys[k]));
}

TEST(RuntimeErrorsTest, NegativeAndHugeTileCoordinatesAreErrors) {
  for (int64_t row : {int64_t{-1}, std::numeric_limits<int64_t>::max() - 1, std::numeric_limits<int64_t>::min()}) {
    HostTensor x = poisonedTensor(ElementType::kF32, {64, 64});
    HostTensor y = poisonedTensor(ElementType::kF32, {64, 64});
    std::vector<KernelArg> args{&x, &y, row};
    ReferenceResult result = runKernel({"oob.mlir", kLoadRow}, "load_row", args);
    expectErrorAt(result, kLoadRow, "tile.load", "lies outside the memref of shape 64x64");
  }
}

TEST(RuntimeErrorsTest, OutOfBoundsStoreOnARank1MemrefIsALocatedError) {
  const char *text = R"(func.func @store_at(%x: memref<256xi32>, %at: index)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %t = tile.constant 7 : !tile.tile<1x64xi32>
  tile.store %t, %x[%at] : !tile.tile<1x64xi32>, memref<256xi32>
  return
}
)";
  HostTensor x = intTensor({256}, std::vector<int32_t>(256, 0));
  std::vector<KernelArg> args{&x, int64_t{4}};
  ReferenceResult result = runKernel({"store.mlir", text}, "store_at", args);
  expectErrorAt(result, text, "tile.store",
                "'tile.store' op tile (4) of shape 1x64 lies outside the memref of shape 256: elements 256..319 of 256");
  for (int32_t v : intsOf(x)) ASSERT_EQ(v, 0);
}

const char *kDivide = R"(func.func @divide(%a: memref<4x8xi32>, %b: memref<4x8xi32>, %q: memref<4x8xi32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %ta = tile.load %a[%c0, %c0] : memref<4x8xi32> -> !tile.tile<4x8xi32>
  %tb = tile.load %b[%c0, %c0] : memref<4x8xi32> -> !tile.tile<4x8xi32>
  %tq = tile.div %ta, %tb : !tile.tile<4x8xi32>
  tile.store %tq, %q[%c0, %c0] : !tile.tile<4x8xi32>, memref<4x8xi32>
  return
}
)";

TEST(RuntimeErrorsTest, I32DivisionByZeroIsALocatedError) {
  std::vector<int32_t> a(32, 9), b(32, 2);
  b[13] = 0;
  HostTensor ta = intTensor({4, 8}, a), tb = intTensor({4, 8}, b), tq = intTensor({4, 8}, std::vector<int32_t>(32, 0));
  std::vector<KernelArg> args{&ta, &tb, &tq};
  ReferenceResult result = runKernel({"div.mlir", kDivide}, "divide", args);
  expectErrorAt(result, kDivide, "tile.div", "'tile.div' op i32 division by zero at element (1, 5)");
}

TEST(RuntimeErrorsTest, I32DivisionOverflowIsALocatedError) {
  std::vector<int32_t> a(32, 9), b(32, 2);
  a[0] = std::numeric_limits<int32_t>::min();
  b[0] = -1;
  HostTensor ta = intTensor({4, 8}, a), tb = intTensor({4, 8}, b), tq = intTensor({4, 8}, std::vector<int32_t>(32, 0));
  std::vector<KernelArg> args{&ta, &tb, &tq};
  ReferenceResult result = runKernel({"div.mlir", kDivide}, "divide", args);
  expectErrorAt(result, kDivide, "tile.div", "i32 division overflows: -2147483648 / -1 at element (0, 0)");
}

TEST(RuntimeErrorsTest, ScalarDivisionByZeroIsALocatedError) {
  const char *text = R"(func.func @scalar_div(%x: memref<64xi32>, %n: i32, %d: i32)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %q = arith.remsi %n, %d : i32
  %t = tile.constant 1 : !tile.tile<1x64xi32>
  %s = tile.scale %t, %q : !tile.tile<1x64xi32>, i32
  tile.store %s, %x[%c0] : !tile.tile<1x64xi32>, memref<64xi32>
  return
}
)";
  HostTensor x = intTensor({64}, std::vector<int32_t>(64, 0));
  std::vector<KernelArg> args{&x, int32_t{5}, int32_t{0}};
  ReferenceResult result = runKernel({"sdiv.mlir", text}, "scalar_div", args);
  expectErrorAt(result, text, "arith.remsi", "'arith.remsi' op integer division by zero");
}

TEST(RuntimeErrorsTest, UnsupportedOpIsALocatedError) {
  const char *text = R"(func.func @rem(%x: memref<64xf32>, %a: f32, %b: f32)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %r = arith.remf %a, %b : f32
  %t = tile.constant 1.0 : !tile.tile<1x64xf32>
  %s = tile.scale %t, %r : !tile.tile<1x64xf32>, f32
  tile.store %s, %x[%c0] : !tile.tile<1x64xf32>, memref<64xf32>
  return
}
)";
  HostTensor x = poisonedTensor(ElementType::kF32, {64});
  std::vector<KernelArg> args{&x, 5.0f, 3.0f};
  ReferenceResult result = runKernel({"rem.mlir", text}, "rem", args);
  expectErrorAt(result, text, "arith.remf", "reference executor does not support 'arith.remf'");
  EXPECT_EQ(result.diagnostics[0].message, "reference executor does not support 'arith.remf'");
}

}  // namespace
}  // namespace kiln::reference::test
