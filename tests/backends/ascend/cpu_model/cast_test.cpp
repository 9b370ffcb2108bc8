// Cast in kiln's model of the documented AscendC API: the round modes on
// values that sit between two results, and the 910B pairs (others stop).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "model_test_support.h"

using namespace AscendC;

namespace {

// Casts `in` with `mode` inside one block; returns the results and how
// the run ended.
template <typename D, typename S>
kiln_ascend_model::RunResult castAll(const std::vector<S> &in, RoundMode mode, std::vector<D> &out) {
  out.assign(in.size(), D());
  return kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 1, [&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> sb, db;
    pipe.InitBuffer(sb, 256);
    pipe.InitBuffer(db, 256);
    LocalTensor<S> s = sb.Get<S>();
    LocalTensor<D> d = db.Get<D>();
    for (size_t i = 0; i < in.size(); ++i) s.SetValue(i, in[i]);
    Cast(d, s, mode, in.size());
    for (size_t i = 0; i < in.size(); ++i) out[i] = d.GetValue(i);
  });
}

std::vector<uint16_t> bitsOf(const std::vector<half> &v) {
  std::vector<uint16_t> b;
  for (half h : v) b.push_back(h.bits);
  return b;
}

TEST(ModelCast, FloatToHalfRoundsTiesAndInexactValuesByMode) {
  const float u = std::ldexp(1.0f, -10);
  // 1 + u/2 ties between 0x3c00 (even) and 0x3c01; 1 + 3u/2 between
  // 0x3c01 and 0x3c02 (even); -(1 + u/4) is inexact below -1.
  std::vector<float> in = {1 + u / 2, 1 + 3 * u / 2, -(1 + u / 4), 2.0f};
  std::vector<half> out;
  ASSERT_TRUE((castAll<half, float>(in, RoundMode::CAST_RINT, out).ok));
  EXPECT_EQ(bitsOf(out), (std::vector<uint16_t>{0x3c00, 0x3c02, 0xbc00, 0x4000}));
  ASSERT_TRUE((castAll<half, float>(in, RoundMode::CAST_NONE, out).ok));
  EXPECT_EQ(bitsOf(out), (std::vector<uint16_t>{0x3c00, 0x3c02, 0xbc00, 0x4000}));
  ASSERT_TRUE((castAll<half, float>(in, RoundMode::CAST_FLOOR, out).ok));
  EXPECT_EQ(bitsOf(out), (std::vector<uint16_t>{0x3c00, 0x3c01, 0xbc01, 0x4000}));
  ASSERT_TRUE((castAll<half, float>(in, RoundMode::CAST_CEIL, out).ok));
  EXPECT_EQ(bitsOf(out), (std::vector<uint16_t>{0x3c01, 0x3c02, 0xbc00, 0x4000}));
  ASSERT_TRUE((castAll<half, float>(in, RoundMode::CAST_TRUNC, out).ok));
  EXPECT_EQ(bitsOf(out), (std::vector<uint16_t>{0x3c00, 0x3c01, 0xbc00, 0x4000}));
  ASSERT_TRUE((castAll<half, float>(in, RoundMode::CAST_ROUND, out).ok));  // ties away from zero
  EXPECT_EQ(bitsOf(out), (std::vector<uint16_t>{0x3c01, 0x3c02, 0xbc00, 0x4000}));
  ASSERT_TRUE((castAll<half, float>(in, RoundMode::CAST_ODD, out).ok));  // the odd neighbour when inexact
  EXPECT_EQ(bitsOf(out), (std::vector<uint16_t>{0x3c01, 0x3c01, 0xbc01, 0x4000}));
}

TEST(ModelCast, FloatToInt32ByMode) {
  std::vector<float> in = {2.5f, 3.5f, -2.5f, -2.7f, 1e10f};
  std::vector<int32_t> out;
  ASSERT_TRUE((castAll<int32_t, float>(in, RoundMode::CAST_RINT, out).ok));
  EXPECT_EQ(out, (std::vector<int32_t>{2, 4, -2, -3, INT32_MAX}));
  ASSERT_TRUE((castAll<int32_t, float>(in, RoundMode::CAST_ROUND, out).ok));
  EXPECT_EQ(out, (std::vector<int32_t>{3, 4, -3, -3, INT32_MAX}));
  ASSERT_TRUE((castAll<int32_t, float>(in, RoundMode::CAST_FLOOR, out).ok));
  EXPECT_EQ(out, (std::vector<int32_t>{2, 3, -3, -3, INT32_MAX}));
  ASSERT_TRUE((castAll<int32_t, float>(in, RoundMode::CAST_CEIL, out).ok));
  EXPECT_EQ(out, (std::vector<int32_t>{3, 4, -2, -2, INT32_MAX}));
  ASSERT_TRUE((castAll<int32_t, float>(in, RoundMode::CAST_TRUNC, out).ok));
  EXPECT_EQ(out, (std::vector<int32_t>{2, 3, -2, -2, INT32_MAX}));
}

TEST(ModelCast, Int32ToFloatRoundsPastTwoToThe24) {
  std::vector<int32_t> in = {16777217, -16777217, 16777219, 12};
  std::vector<float> out;
  ASSERT_TRUE((castAll<float, int32_t>(in, RoundMode::CAST_NONE, out).ok));
  EXPECT_EQ(out, (std::vector<float>{16777216.0f, -16777216.0f, 16777220.0f, 12.0f}));
  ASSERT_TRUE((castAll<float, int32_t>(in, RoundMode::CAST_CEIL, out).ok));
  EXPECT_EQ(out, (std::vector<float>{16777218.0f, -16777216.0f, 16777220.0f, 12.0f}));
  ASSERT_TRUE((castAll<float, int32_t>(in, RoundMode::CAST_TRUNC, out).ok));
  EXPECT_EQ(out, (std::vector<float>{16777216.0f, -16777216.0f, 16777218.0f, 12.0f}));
}

TEST(ModelCast, WideningsAreExactAndBf16NarrowsByMode) {
  std::vector<half> hin = {half(1.5f), half(-0.099975586f), half::fromBits(0x0001)};
  std::vector<float> fout;
  ASSERT_TRUE((castAll<float, half>(hin, RoundMode::CAST_NONE, fout).ok));
  for (size_t i = 0; i < hin.size(); ++i) EXPECT_EQ(fout[i], static_cast<float>(hin[i]));
  const float u = std::ldexp(1.0f, -7);
  std::vector<float> fin = {1 + u / 2, -(1 + u / 4)};
  std::vector<bfloat16_t> bout;
  ASSERT_TRUE((castAll<bfloat16_t, float>(fin, RoundMode::CAST_RINT, bout).ok));
  EXPECT_EQ(bout[0].bits, 0x3f80);
  EXPECT_EQ(bout[1].bits, 0xbf80);
  ASSERT_TRUE((castAll<bfloat16_t, float>(fin, RoundMode::CAST_FLOOR, bout).ok));
  EXPECT_EQ(bout[0].bits, 0x3f80);
  EXPECT_EQ(bout[1].bits, 0xbf81);
}

TEST(ModelCast, PairsAndModesTheDocsDoNotListStop) {
  std::vector<float> f = {1.0f};
  std::vector<half> h = {half(1.0f)};
  std::vector<bfloat16_t> b;
  std::vector<float> fo;
  std::vector<int8_t> io;
  kiln_ascend_model::RunResult r = castAll<bfloat16_t, float>(f, RoundMode::CAST_NONE, b);
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.rule, "model.cast-pair");
  EXPECT_EQ(r.op, "Cast<bfloat16_t, float>");
  EXPECT_NE(r.text().find("CAST_NONE"), std::string::npos) << r.text();
  r = castAll<float, half>(h, RoundMode::CAST_RINT, fo);
  EXPECT_EQ(r.rule, "model.cast-pair");
  r = castAll<int8_t, half>(h, RoundMode::CAST_RINT, io);
  EXPECT_EQ(r.rule, "model.cast-pair");
  EXPECT_EQ(r.op, "Cast<int8_t, half>");
}

}  // namespace
