// helper_and_branch.mlir: a bias row from a helper added to each 16x64 tile,
// except in the instances of the last row block, which copy x through.
#include <gtest/gtest.h>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

TEST(HelperAndBranchExample, EdgeInstancesSkipTheBias) {
  const size_t rows = 64, cols = 256;
  auto x = randomFloats(rows * cols, 81, -10.0f, 10.0f);
  auto bias = randomFloats(4 * 64, 82, -1.0f, 1.0f);
  HostTensor tx = floatTensor(ElementType::kF32, {64, 256}, x);
  HostTensor tbias = floatTensor(ElementType::kF32, {4, 64}, bias);
  HostTensor ty = poisonedTensor(ElementType::kF32, {64, 256});
  std::vector<KernelArg> args{&tx, &tbias, &ty};

  ReferenceResult result = runKernel(exampleSource("helper_and_branch"), "bias_add", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 16u);
  auto y = floatsOf(ty);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) {
      bool lastRowBlock = r / 16 == 3;
      // Instance (i, j) adds row j of the bias, i.e. bias[c / 64][c % 64].
      float want = lastRowBlock ? x[r * cols + c] : x[r * cols + c] + bias[(c / 64) * 64 + c % 64];
      ASSERT_EQ(y[r * cols + c], want) << r << "," << c;
    }
  }
}

}  // namespace
}  // namespace kiln::reference::test
