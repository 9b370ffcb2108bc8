// attention_block.mlir: softmax(Q K^T * scale) V per 32-row query block.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

TEST(AttentionBlockExample, MatchesNaiveAttention) {
  const size_t n = 256, d = 64;
  auto q = randomFloats(n * d, 61, -1.0f, 1.0f);
  auto kt = randomFloats(d * n, 62, -1.0f, 1.0f);  // K transposed: d x n
  auto v = randomFloats(n * d, 63, -1.0f, 1.0f);
  const float scale = 0.125f;
  HostTensor tq = floatTensor(ElementType::kF32, {256, 64}, q);
  HostTensor tk = floatTensor(ElementType::kF32, {64, 256}, kt);
  HostTensor tv = floatTensor(ElementType::kF32, {256, 64}, v);
  HostTensor to = poisonedTensor(ElementType::kF32, {256, 64});
  std::vector<KernelArg> args{&tq, &tk, &tv, &to, scale};

  ReferenceResult result = runKernel(exampleSource("attention_block"), "attention_block", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 8u);
  auto o = floatsOf(to);
  std::vector<double> p(n);
  for (size_t i = 0; i < n; ++i) {
    double max = -INFINITY;
    for (size_t j = 0; j < n; ++j) {
      double s = 0.0;
      for (size_t k = 0; k < d; ++k) s += static_cast<double>(q[i * d + k]) * kt[k * n + j];
      p[j] = s * scale;
      max = std::max(max, p[j]);
    }
    double sum = 0.0;
    for (size_t j = 0; j < n; ++j) sum += (p[j] = std::exp(p[j] - max));
    for (size_t c = 0; c < d; ++c) {
      double want = 0.0;
      for (size_t j = 0; j < n; ++j) want += p[j] / sum * v[j * d + c];
      ASSERT_TRUE(close(o[i * d + c], want, 1e-4)) << i << "," << c << ": " << o[i * d + c] << " vs " << want;
    }
  }
}

}  // namespace
}  // namespace kiln::reference::test
