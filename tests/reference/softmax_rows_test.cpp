// softmax_rows.mlir: a hand-written row softmax, against a naive one.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

TEST(SoftmaxRowsExample, MatchesANaiveSoftmaxAndRowsSumToOne) {
  const size_t rows = 1024, cols = 128;
  auto x = randomFloats(rows * cols, 31, -8.0f, 8.0f);
  HostTensor tx = floatTensor(ElementType::kF32, {1024, 128}, x);
  HostTensor ty = poisonedTensor(ElementType::kF32, {1024, 128});
  std::vector<KernelArg> args{&tx, &ty};

  ReferenceResult result = runKernel(exampleSource("softmax_rows"), "softmax_rows", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 32u);
  auto y = floatsOf(ty);
  for (size_t r = 0; r < rows; ++r) {
    double denominator = 0.0;
    for (size_t c = 0; c < cols; ++c) denominator += std::exp(static_cast<double>(x[r * cols + c]));
    double rowSum = 0.0;
    for (size_t c = 0; c < cols; ++c) {
      double want = std::exp(static_cast<double>(x[r * cols + c])) / denominator;
      ASSERT_NEAR(y[r * cols + c], want, 1e-6 + 1e-5 * want) << r << "," << c;
      rowSum += y[r * cols + c];
    }
    ASSERT_NEAR(rowSum, 1.0, 1e-5) << "row " << r;
  }
}

}  // namespace
}  // namespace kiln::reference::test
