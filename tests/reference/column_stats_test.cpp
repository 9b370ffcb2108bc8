// column_stats.mlir: per 64-row block, the column max, x minus the column
// sum, and a softmax down each column.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

TEST(ColumnStatsExample, MatchesNaiveColumnStatistics) {
  const size_t rows = 256, cols = 128, block = 64;
  auto x = randomFloats(rows * cols, 41, -3.0f, 3.0f);
  HostTensor tx = floatTensor(ElementType::kF32, {256, 128}, x);
  HostTensor tmax = poisonedTensor(ElementType::kF32, {4, 128});
  HostTensor tcentered = poisonedTensor(ElementType::kF32, {256, 128});
  HostTensor tprobs = poisonedTensor(ElementType::kF32, {256, 128});
  std::vector<KernelArg> args{&tx, &tmax, &tcentered, &tprobs};

  ReferenceResult result = runKernel(exampleSource("column_stats"), "column_stats", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 4u);
  auto colmax = floatsOf(tmax), centered = floatsOf(tcentered), probs = floatsOf(tprobs);
  for (size_t b = 0; b < rows / block; ++b) {
    for (size_t c = 0; c < cols; ++c) {
      auto at = [&](size_t r) { return (b * block + r) * cols + c; };
      float max = x[at(0)];
      double sum = 0.0, expSum = 0.0;
      for (size_t r = 0; r < block; ++r) {
        max = std::max(max, x[at(r)]);
        sum += x[at(r)];
        expSum += std::exp(static_cast<double>(x[at(r)]));
      }
      ASSERT_EQ(colmax[b * cols + c], max) << b << "," << c;
      double probSum = 0.0;
      for (size_t r = 0; r < block; ++r) {
        ASSERT_TRUE(close(centered[at(r)], x[at(r)] - sum, 1e-5)) << b << "," << r << "," << c;
        double p = std::exp(static_cast<double>(x[at(r)])) / expSum;
        ASSERT_NEAR(probs[at(r)], p, 1e-6 + 1e-5 * p) << b << "," << r << "," << c;
        probSum += probs[at(r)];
      }
      ASSERT_NEAR(probSum, 1.0, 1e-5) << b << "," << c;
    }
  }
}

}  // namespace
}  // namespace kiln::reference::test
