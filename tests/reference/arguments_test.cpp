// Arguments are checked against the kernel's parameters before anything
// runs; every mismatch is a diagnostic located at the parameter.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

const char *kKernel = R"(func.func @scaled_copy(%x: memref<64x32xf32>, %y: memref<64x32xf32>,
                        %s: f32, %n: i32, %i: index)
    attributes {tile.kernel, tile.grid = array<i64: 2>} {
  %p = tile.program_id 0 : index
  %c0 = arith.constant 0 : index
  %t = tile.load %x[%p, %c0] : memref<64x32xf32> -> !tile.tile<32x32xf32>
  %u = tile.scale %t, %s : !tile.tile<32x32xf32>, f32
  tile.store %u, %y[%p, %c0] : !tile.tile<32x32xf32>, memref<64x32xf32>
  return
}

func.func @not_a_kernel(%x: f32) -> f32 {
  return %x : f32
}
)";

SourceFile source() { return {"args.mlir", kKernel}; }

struct Tensors {
  HostTensor x = floatTensor(ElementType::kF32, {64, 32}, randomFloats(64 * 32, 5, -1.0f, 1.0f));
  HostTensor y = poisonedTensor(ElementType::kF32, {64, 32});
};

TEST(ArgumentsTest, MatchingArgumentsRun) {
  Tensors t;
  std::vector<KernelArg> args{&t.x, &t.y, 2.0f, int32_t{3}, int64_t{4}};
  ReferenceResult result = runKernel(source(), "scaled_copy", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 2u);
  auto x = floatsOf(t.x), y = floatsOf(t.y);
  for (size_t k = 0; k < x.size(); ++k) ASSERT_EQ(y[k], x[k] * 2.0f);
}

TEST(ArgumentsTest, WrongCountIsReportedAtTheKernel) {
  Tensors t;
  std::vector<KernelArg> args{&t.x, &t.y, 2.0f};
  ReferenceResult result = runKernel(source(), "scaled_copy", args);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  EXPECT_NE(result.diagnostics[0].message.find("takes 5 arguments, got 3"), std::string::npos);
  EXPECT_EQ(result.diagnostics[0].file, "args.mlir");
  EXPECT_EQ(result.diagnostics[0].line, 1u);
  EXPECT_EQ(result.instances_run, 0u);
}

TEST(ArgumentsTest, EveryMismatchIsReportedAtItsParameter) {
  Tensors t;
  HostTensor wrongShape = floatTensor(ElementType::kF32, {32, 64}, std::vector<float>(32 * 64, 0.0f));
  // Kinds swapped: an int32_t for the f32, a float for the i32, an int32_t
  // for the index.
  std::vector<KernelArg> args{&t.x, &wrongShape, int32_t{2}, 3.0f, int32_t{4}};
  ReferenceResult result = runKernel(source(), "scaled_copy", args);
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.diagnostics.size(), 4u) << describe(result.diagnostics);
  const char *needles[] = {"%y: memref", "%s: f32", "%n: i32", "%i: index"};
  const char *texts[] = {"argument #1 of kernel @scaled_copy is memref<64x32xf32>; got a tensor of shape 32x64",
                         "argument #2 of kernel @scaled_copy is f32; got an i32 scalar",
                         "argument #3 of kernel @scaled_copy is i32; got an f32 scalar",
                         "argument #4 of kernel @scaled_copy is index; got an i32 scalar"};
  for (size_t k = 0; k < 4; ++k) {
    const Diagnostic &d = result.diagnostics[k];
    EXPECT_NE(d.message.find(texts[k]), std::string::npos) << d.message;
    Position p = positionOf(kKernel, needles[k]);
    EXPECT_EQ(d.line, p.line) << d.message;
    EXPECT_EQ(d.column, p.column) << d.message;
  }
  // Nothing ran, so nothing was written.
  for (float v : floatsOf(t.y)) ASSERT_TRUE(std::isnan(v));
}

TEST(ArgumentsTest, TensorTypeSizeAndNullAreChecked) {
  Tensors t;
  HostTensor halves = poisonedTensor(ElementType::kF16, {64, 32});
  HostTensor truncated = t.y;
  truncated.bytes.resize(100);
  std::vector<KernelArg> args{&halves, nullptr, 1.0f, int32_t{0}, int64_t{0}};
  ReferenceResult result = runKernel(source(), "scaled_copy", args);
  ASSERT_EQ(result.diagnostics.size(), 2u) << describe(result.diagnostics);
  EXPECT_NE(result.diagnostics[0].message.find("with f16 elements"), std::string::npos);
  EXPECT_NE(result.diagnostics[1].message.find("a null tensor"), std::string::npos);

  args = {&t.x, &truncated, 1.0f, int32_t{0}, int64_t{0}};
  result = runKernel(source(), "scaled_copy", args);
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  EXPECT_NE(result.diagnostics[0].message.find("100 bytes do not match the 8192"), std::string::npos);

  args = {1.0f, &t.y, 1.0f, int32_t{0}, int64_t{0}};
  result = runKernel(source(), "scaled_copy", args);
  ASSERT_EQ(result.diagnostics.size(), 1u) << describe(result.diagnostics);
  EXPECT_NE(result.diagnostics[0].message.find("is memref<64x32xf32>; got an f32 scalar"), std::string::npos);
}

TEST(ArgumentsTest, UnknownOrNonKernelFunctionsAreReported) {
  std::vector<KernelArg> args;
  ReferenceResult result = runKernel(source(), "missing", args);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("no function named @missing; the kernels here are @scaled_copy"),
            std::string::npos)
      << result.diagnostics[0].message;
  result = runKernel(source(), "not_a_kernel", args);
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("@not_a_kernel is not a tile.kernel function"), std::string::npos);
}

TEST(ArgumentsTest, InvalidSourceGivesTheVerifierDiagnostics) {
  std::vector<KernelArg> args;
  ReferenceResult result = runKernel({"bad.mlir", "func.func @k( {"}, "k", args);
  EXPECT_FALSE(result.ok());
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics[0].file, "bad.mlir");
  EXPECT_EQ(result.instances_run, 0u);
}

}  // namespace
}  // namespace kiln::reference::test
