// The docs-style cube GEMM of gemm_kernel.h run on kiln's model of the
// documented AscendC API for every output tile (one block each) and
// checked against a triple loop: half inputs with float accumulation (out
// as float and as half), and float inputs through LoadDataWithTranspose.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "gemm_kernel.h"
#include "model_test_support.h"

namespace {

using kiln_gemm_sample::GemmShape;

// C = A * B in double from the inputs as the kernel sees them.
template <typename T> std::vector<double> reference(const std::vector<T> &a, const std::vector<T> &b, const GemmShape &s) {
  std::vector<double> c(s.M * s.N, 0.0);
  for (uint32_t r = 0; r < s.M; ++r)
    for (uint32_t col = 0; col < s.N; ++col) {
      double acc = 0;
      for (uint32_t k = 0; k < s.K; ++k) acc += double(float(a[r * s.K + k])) * double(float(b[k * s.N + col]));
      c[r * s.N + col] = acc;
    }
  return c;
}

template <typename T, typename O>
void runGemm(const GemmShape &s, std::vector<T> &a, std::vector<T> &b, std::vector<O> &c) {
  uint32_t blocks = (s.M / s.mTile) * (s.N / s.nTile);
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), blocks, [&] {
    kiln_gemm_sample::gemm<T, O>(reinterpret_cast<GM_ADDR>(a.data()), reinterpret_cast<GM_ADDR>(b.data()),
                                 reinterpret_cast<GM_ADDR>(c.data()), s);
  });
  ASSERT_TRUE(r.ok) << r.text();
  EXPECT_EQ(r.blocksRun, blocks);
  ASSERT_EQ(r.placements.size(), 5u);  // A1, B1 share L1; then L0A, L0B, L0C
  EXPECT_EQ(r.placements[1].offset, s.mTile * s.kTile * sizeof(T));
}

const GemmShape kShape{64, 96, 96, 32, 32, 48};  // 2 x 2 blocks, 3 K slices

template <typename T> std::vector<T> randomInputs(size_t n, uint32_t seed) {
  std::vector<float> f = kiln_model_test::randomFloats(n, seed, -1.0f, 1.0f);
  return std::vector<T>(f.begin(), f.end());
}

TEST(ModelGemmKernel, HalfInputsAccumulateInFloat) {
  std::vector<half> a = randomInputs<half>(kShape.M * kShape.K, 21), b = randomInputs<half>(kShape.K * kShape.N, 22);
  std::vector<float> c(kShape.M * kShape.N, NAN);
  runGemm(kShape, a, b, c);
  std::vector<double> ref = reference(a, b, kShape);
  for (size_t i = 0; i < c.size(); ++i) ASSERT_NEAR(c[i], ref[i], 1e-5 * (1 + std::fabs(ref[i]))) << i;
}

TEST(ModelGemmKernel, HalfOutputThroughFixpipeQuantisation) {
  std::vector<half> a = randomInputs<half>(kShape.M * kShape.K, 23), b = randomInputs<half>(kShape.K * kShape.N, 24);
  std::vector<half> c(kShape.M * kShape.N, half(-1000.0f));
  runGemm(kShape, a, b, c);
  std::vector<double> ref = reference(a, b, kShape);
  // One rounding of a float close to ref: within a half ulp or so.
  for (size_t i = 0; i < c.size(); ++i)
    ASSERT_NEAR(static_cast<float>(c[i]), ref[i], std::ldexp(1.0, -10) * (1 + std::fabs(ref[i]))) << i;
}

TEST(ModelGemmKernel, FloatInputsThroughLoadDataWithTranspose) {
  std::vector<float> a = randomInputs<float>(kShape.M * kShape.K, 25), b = randomInputs<float>(kShape.K * kShape.N, 26);
  std::vector<float> c(kShape.M * kShape.N, NAN);
  runGemm(kShape, a, b, c);
  std::vector<double> ref = reference(a, b, kShape);
  for (size_t i = 0; i < c.size(); ++i) ASSERT_NEAR(c[i], ref[i], 1e-5 * (1 + std::fabs(ref[i]))) << i;
}

}  // namespace
