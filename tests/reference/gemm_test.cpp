// gemm.mlir (f32) and mixed_precision_gemm.mlir (f16 in, f32 and bf16 out)
// against a naive triple loop in double.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/reference/reference_test_support.h"
#include "worker/reference/float_formats.h"

namespace kiln::reference::test {
namespace {

/// C = A * B for row-major n x n matrices, in double.
std::vector<double> naiveMatmul(const std::vector<float> &a, const std::vector<float> &b, size_t n) {
  std::vector<double> c(n * n, 0.0);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      double sum = 0.0;
      for (size_t k = 0; k < n; ++k) sum += static_cast<double>(a[i * n + k]) * b[k * n + j];
      c[i * n + j] = sum;
    }
  return c;
}

TEST(GemmExample, MatchesANaiveTripleLoop) {
  const size_t n = 256;
  auto a = randomFloats(n * n, 11, -1.0f, 1.0f);
  auto b = randomFloats(n * n, 12, -1.0f, 1.0f);
  HostTensor ta = floatTensor(ElementType::kF32, {256, 256}, a);
  HostTensor tb = floatTensor(ElementType::kF32, {256, 256}, b);
  HostTensor tc = poisonedTensor(ElementType::kF32, {256, 256});
  std::vector<KernelArg> args{&ta, &tb, &tc};

  ReferenceResult result = runKernel(exampleSource("gemm"), "gemm", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 16u);
  auto want = naiveMatmul(a, b, n);
  auto got = floatsOf(tc);
  for (size_t k = 0; k < n * n; ++k) ASSERT_TRUE(close(got[k], want[k], 1e-4)) << k << ": " << got[k] << " vs " << want[k];
}

TEST(MixedPrecisionGemmExample, MatchesDoubleMathOnTheRoundedHalves) {
  const size_t n = 128;
  // The reference starts from exactly the halves the kernel reads.
  auto a = randomFloats(n * n, 21, -1.0f, 1.0f);
  auto b = randomFloats(n * n, 22, -1.0f, 1.0f);
  for (float &v : a) v = halfToFloat(floatToHalf(v));
  for (float &v : b) v = halfToFloat(floatToHalf(v));
  HostTensor ta = floatTensor(ElementType::kF16, {128, 128}, a);
  HostTensor tb = floatTensor(ElementType::kF16, {128, 128}, b);
  HostTensor tc = poisonedTensor(ElementType::kF32, {128, 128});
  HostTensor tc16 = poisonedTensor(ElementType::kBF16, {128, 128});
  std::vector<KernelArg> args{&ta, &tb, &tc, &tc16};

  ReferenceResult result = runKernel(exampleSource("mixed_precision_gemm"), "mixed_precision_gemm", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 16u);
  auto want = naiveMatmul(a, b, n);
  auto got = floatsOf(tc);
  auto got16 = floatsOf(tc16);
  for (size_t k = 0; k < n * n; ++k) {
    ASSERT_TRUE(close(got[k], want[k], 1e-4)) << k << ": " << got[k] << " vs " << want[k];
    // bf16 keeps 8 significant bits: within half a unit of the f32 result.
    ASSERT_TRUE(std::fabs(got16[k] - want[k]) <= std::ldexp(std::fabs(want[k]), -8) + 1e-4)
        << k << ": " << got16[k] << " vs " << want[k];
    ASSERT_EQ(floatToBFloat16(got[k]), floatToBFloat16(got16[k])) << k;
  }
}

}  // namespace
}  // namespace kiln::reference::test
