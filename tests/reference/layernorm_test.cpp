// layernorm.mlir: (x - mean) * rsqrt(var + 1e-5) per row.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

TEST(LayernormExample, MatchesANaiveLayerNorm) {
  const size_t rows = 256, cols = 512;
  auto x = randomFloats(rows * cols, 51, -2.0f, 2.0f);
  // Rows with their own offset and spread, so that normalizing does work.
  for (size_t r = 0; r < rows; ++r)
    for (size_t c = 0; c < cols; ++c) x[r * cols + c] = x[r * cols + c] * (1.0f + r % 5) + (r % 7) - 3.0f;
  HostTensor tx = floatTensor(ElementType::kF32, {256, 512}, x);
  HostTensor ty = poisonedTensor(ElementType::kF32, {256, 512});
  std::vector<KernelArg> args{&tx, &ty, 1.0f / 512.0f, 1e-5f};

  ReferenceResult result = runKernel(exampleSource("layernorm"), "layernorm", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 16u);
  auto y = floatsOf(ty);
  for (size_t r = 0; r < rows; ++r) {
    double mean = 0.0, var = 0.0;
    for (size_t c = 0; c < cols; ++c) mean += x[r * cols + c];
    mean /= cols;
    for (size_t c = 0; c < cols; ++c) var += (x[r * cols + c] - mean) * (x[r * cols + c] - mean);
    var /= cols;
    double outMean = 0.0, outVar = 0.0;
    for (size_t c = 0; c < cols; ++c) {
      double want = (x[r * cols + c] - mean) / std::sqrt(var + 1e-5);
      ASSERT_NEAR(y[r * cols + c], want, 1e-4) << r << "," << c;
      outMean += y[r * cols + c];
    }
    outMean /= cols;
    for (size_t c = 0; c < cols; ++c) outVar += (y[r * cols + c] - outMean) * (y[r * cols + c] - outMean);
    outVar /= cols;
    ASSERT_NEAR(outMean, 0.0, 1e-5) << "row " << r;
    ASSERT_NEAR(outVar, 1.0, 1e-4) << "row " << r;
  }
}

}  // namespace
}  // namespace kiln::reference::test
