// ReduceSum and ReduceMax in kiln's model of the documented AscendC API:
// the pairwise-tree order, the index of the maximum, and the scratch size.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "model_test_support.h"

using namespace AscendC;

namespace {

// Reduces `in` with `call(dst, src, tmp)` in one block, with a tmp of
// `tmpElems`; returns dst[0..1] and how the run ended.
template <typename T, typename F>
kiln_ascend_model::RunResult reduce(const std::vector<T> &in, uint32_t tmpElems, F call, std::vector<T> &out,
                                    const kiln_ascend_model::DeviceConfig &cfg = kiln_model_test::ascend910b()) {
  out.assign(2, T(0));
  return kiln_ascend_model::runBlocks(cfg, 1, [&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> sb, db, tb;
    pipe.InitBuffer(sb, in.size() * sizeof(T));
    pipe.InitBuffer(db, 32);
    pipe.InitBuffer(tb, tmpElems * sizeof(T));
    LocalTensor<T> s = sb.Get<T>(), d = db.Get<T>(), t = tb.Get<T>(tmpElems);
    for (size_t i = 0; i < in.size(); ++i) s.SetValue(i, in[i]);
    call(d, s, t, static_cast<int32_t>(in.size()));
    out[0] = d.GetValue(0);
    out[1] = d.GetValue(1);
  });
}

auto sum = [](auto d, auto s, auto t, int32_t n) { ReduceSum(d, s, t, n); };
auto maxNoIndex = [](auto d, auto s, auto t, int32_t n) { ReduceMax(d, s, t, n); };
auto maxWithIndex = [](auto d, auto s, auto t, int32_t n) { ReduceMax(d, s, t, n, true); };

TEST(ModelReduce, SumOfExactIntegersIsExact) {
  std::vector<float> in(1000);
  for (int i = 0; i < 1000; ++i) in[i] = static_cast<float>(i);
  std::vector<float> out;
  ASSERT_TRUE(reduce(in, 32, sum, out).ok);
  EXPECT_EQ(out[0], 999.0f * 1000.0f / 2.0f);
}

// In float, 1e8 + 1 == 1e8. A left-to-right loop gives
// ((1e8 + 1) - 1e8) + 1 = 1; the pairwise tree gives
// (1e8 + 1) + (-1e8 + 1) = 1e8 - 1e8 = 0.
TEST(ModelReduce, SumAddsAdjacentPairsFirst) {
  std::vector<float> in = {1e8f, 1.0f, -1e8f, 1.0f};
  std::vector<float> out;
  ASSERT_TRUE(reduce(in, 32, sum, out).ok);
  float sequential = ((in[0] + in[1]) + in[2]) + in[3];
  EXPECT_EQ(sequential, 1.0f);
  EXPECT_EQ(out[0], 0.0f);
}

// 64 floats per 256-byte repeat: the repeat sums are added after each
// repeat is summed. 64 ones then 1e8: repeat 0 gives 64, repeat 1 gives
// 1e8, and 64 + 1e8 is exact in float (a multiple of 8).
TEST(ModelReduce, SumReducesEachRepeatThenTheRepeatSums) {
  std::vector<float> in(65, 1.0f);
  in[64] = 1e8f;
  std::vector<float> out;
  ASSERT_TRUE(reduce(in, 32, sum, out).ok);
  EXPECT_EQ(out[0], 1e8f + 64.0f);
}

TEST(ModelReduce, HalfSumSaturatesAt65504) {
  std::vector<half> in(64, half(30000.0f));
  std::vector<half> out;
  ASSERT_TRUE(reduce(in, 32, sum, out).ok);
  EXPECT_EQ(static_cast<float>(out[0]), 65504.0f);
}

TEST(ModelReduce, MaxFindsTheLowestIndexOfTheMaximum) {
  std::vector<float> in = kiln_model_test::randomFloats(300, 9);
  in[77] = 50.0f;
  in[201] = 50.0f;
  std::vector<float> out;
  // R = ceil(300 / 64) = 5 repeats; scratch RoundUp(2 * 5, 8) = 16 floats.
  ASSERT_TRUE(reduce(in, 16, maxWithIndex, out).ok);
  EXPECT_EQ(out[0], 50.0f);
  uint32_t index;
  std::memcpy(&index, &out[1], 4);
  EXPECT_EQ(index, 77u);

  std::vector<half> hin(300);
  for (int i = 0; i < 300; ++i) hin[i] = half(in[i]);
  std::vector<half> hout;
  ASSERT_TRUE(reduce(hin, 16, maxWithIndex, hout).ok);
  EXPECT_EQ(static_cast<float>(hout[0]), 50.0f);
  EXPECT_EQ(hout[1].bits, 77u);  // the index's bits, read as uint16
}

TEST(ModelReduce, MaxStopsWhenTheScratchIsBelowTheDocumentedSize) {
  std::vector<float> in = kiln_model_test::randomFloats(300, 10);
  std::vector<float> out;
  kiln_ascend_model::RunResult r = reduce(in, 8, maxNoIndex, out);  // needs 16
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.rule, "model.reduce-scratch");
  EXPECT_EQ(r.op, "ReduceMax<float>");
  EXPECT_NE(r.message.find("needs a sharedTmpBuffer of 16 elements; it has 8"), std::string::npos) << r.message;
}

// 910B needs no scratch for ReduceSum; 310P needs RoundUp(R, block).
TEST(ModelReduce, SumScratchIsAsked310POnly) {
  std::vector<float> in(640, 1.0f);  // R = 10: 310P needs RoundUp(10, 8) = 16
  std::vector<float> out;
  EXPECT_TRUE(reduce(in, 8, sum, out).ok);
  kiln_ascend_model::DeviceConfig p310 = kiln_model_test::ascend910b();
  p310.npuArch = 2002;
  kiln_ascend_model::RunResult r = reduce(in, 8, sum, out, p310);
  EXPECT_EQ(r.rule, "model.reduce-scratch");
  EXPECT_TRUE(reduce(in, 16, sum, out, p310).ok);
  EXPECT_EQ(out[0], 640.0f);
}

}  // namespace
