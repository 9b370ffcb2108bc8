// elementwise_ops.mlir: every binary and unary op on f32, scale, relu, and
// the wrapping i32 path, against double math and int64 math.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "tests/reference/reference_test_support.h"

namespace kiln::reference::test {
namespace {

/// The elementwise_ops float chain for one element, in double.
double floatChain(double x, double y, double alpha) {
  double prod = (x + y) * (x - y);
  double den = std::fabs(y) + 1.0;
  double hi = std::max(prod / den, x);
  double lo = std::min(hi, y);
  double t0 = std::exp(lo) - std::log(den);
  double t1 = std::sqrt(den) * (1.0 / std::sqrt(den));
  return std::max(t0 - t1, 0.0) * alpha;
}

/// Reduces an integer to i32 the way two's complement hardware does.
int32_t wrap32(int64_t v) {
  int64_t m = ((v % 4294967296LL) + 4294967296LL) % 4294967296LL;
  return static_cast<int32_t>(m >= 2147483648LL ? m - 4294967296LL : m);
}

/// relu(abs((-k) * -2)) with i32 wrap-around at every step.
int32_t intChain(int32_t k) {
  int32_t negated = wrap32(-static_cast<int64_t>(k));
  int32_t times = wrap32(static_cast<int64_t>(negated) * -2);
  int32_t absolute = wrap32(times < 0 ? -static_cast<int64_t>(times) : times);
  return absolute > 0 ? absolute : 0;
}

TEST(ElementwiseOpsExample, FloatAndIntPathsMatchNaiveMath) {
  const size_t n = 64 * 64;
  auto a = randomFloats(n, 71, -3.0f, 3.0f);
  auto b = randomFloats(n, 72, -3.0f, 3.0f);
  auto k = randomInts(n, 73, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  // The edges of the i32 range, where wrap-around shows.
  const int32_t edges[] = {0, 1, -1, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(),
                           1 << 30, -(1 << 30), (1 << 30) + 1};
  for (size_t e = 0; e < std::size(edges); ++e) k[e] = edges[e];
  const float alpha = 0.75f;
  HostTensor ta = floatTensor(ElementType::kF32, {64, 64}, a);
  HostTensor tb = floatTensor(ElementType::kF32, {64, 64}, b);
  HostTensor tout = poisonedTensor(ElementType::kF32, {64, 64});
  HostTensor tk = intTensor({64, 64}, k);
  HostTensor tkout = poisonedTensor(ElementType::kI32, {64, 64});
  std::vector<KernelArg> args{&ta, &tb, &tout, &tk, &tkout, alpha};

  ReferenceResult result = runKernel(exampleSource("elementwise_ops"), "elementwise_ops", args);
  ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
  EXPECT_EQ(result.instances_run, 8u);
  auto out = floatsOf(tout);
  auto kout = intsOf(tkout);
  for (size_t e = 0; e < n; ++e) {
    double want = floatChain(a[e], b[e], alpha);
    ASSERT_TRUE(close(out[e], want, 1e-5)) << e << ": " << out[e] << " vs " << want;
    ASSERT_EQ(kout[e], intChain(k[e])) << e << ": k = " << k[e];
  }
  EXPECT_EQ(kout[3], 0);  // -INT_MIN is INT_MIN, times -2 wraps to 0
  EXPECT_EQ(kout[4], 2);  // -INT_MAX * -2 wraps to -2, abs 2
  // 2^30 * 2 wraps to INT_MIN, abs(INT_MIN) wraps to INT_MIN, relu gives 0
  // (a saturating abs would give INT_MAX).
  EXPECT_EQ(kout[5], 0);
}

}  // namespace
}  // namespace kiln::reference::test
