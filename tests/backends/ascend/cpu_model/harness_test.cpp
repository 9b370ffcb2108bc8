// runBlocks and the tensors of kiln's model of the documented AscendC API:
// every block sees its own index and fresh on-chip memory, the first
// broken rule ends the run, and LocalTensor views and ReinterpretCast
// address the same bytes.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <vector>

#include "model_test_support.h"

using namespace AscendC;

namespace {

TEST(ModelHarness, EachBlockSeesItsIndexAndFreshMemory) {
  std::vector<int64_t> seenIdx, seenNum;
  std::vector<float> leftover;
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 5, [&] {
    seenIdx.push_back(GetBlockIdx());
    seenNum.push_back(GetBlockNum());
    TPipe pipe;
    TBuf<TPosition::VECCALC> b;
    pipe.InitBuffer(b, 32);
    LocalTensor<float> t = b.Get<float>();
    leftover.push_back(t.GetValue(0));  // what the previous block left: nothing
    t.SetValue(0, 42.0f + GetBlockIdx());
  });
  ASSERT_TRUE(r.ok) << r.text();
  EXPECT_EQ(seenIdx, (std::vector<int64_t>{0, 1, 2, 3, 4}));
  EXPECT_EQ(seenNum, (std::vector<int64_t>(5, 5)));
  EXPECT_EQ(leftover, (std::vector<float>(5, 0.0f)));
  EXPECT_EQ(r.blocksRun, 5);
}

TEST(ModelHarness, TheFirstErrorEndsTheRun) {
  int ran = 0;
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 6, [&] {
    ++ran;
    if (GetBlockIdx() == 2) WaitFlag<HardEvent::V_MTE3>(0);
  });
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.block, 2);
  EXPECT_EQ(r.blocksRun, 3);
  EXPECT_EQ(ran, 3);
}

TEST(ModelHarness, TheFillByteShowsUnwrittenMemory) {
  kiln_ascend_model::DeviceConfig cfg = kiln_model_test::ascend910b();
  cfg.fill = 0xff;
  float seen = 0;
  kiln_model_test::runOneBlock(
      [&] {
        TPipe pipe;
        TBuf<TPosition::VECCALC> b;
        pipe.InitBuffer(b, 32);
        seen = b.Get<float>().GetValue(3);
      },
      cfg);
  EXPECT_TRUE(std::isnan(seen));
}

TEST(ModelTensors, ViewsAndReinterpretCastShareTheBuffer) {
  kiln_model_test::runOneBlock([] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> b;
    pipe.InitBuffer(b, 256);
    LocalTensor<float> t = b.Get<float>();
    EXPECT_EQ(t.GetSize(), 64u);
    LocalTensor<float> v = t[16];
    EXPECT_EQ(v.GetSize(), 48u);
    v.SetValue(1, 1.0f);
    EXPECT_EQ(t.GetValue(17), 1.0f);
    LocalTensor<uint32_t> bits = t.ReinterpretCast<uint32_t>();
    EXPECT_EQ(bits.GetValue(17), 0x3f800000u);
    LocalTensor<half> h = t.ReinterpretCast<half>();
    EXPECT_EQ(h.GetSize(), 128u);
    h.SetValue(0, half(2.0f));
    h.SetValue(1, half(0.0f));
    uint32_t packed = bits.GetValue(0);
    EXPECT_EQ(packed, 0x4000u);  // little-endian: element 0 is the low half
    EXPECT_EQ(b.Get<float>(8).GetSize(), 8u);
  });
}

TEST(ModelTensors, GlobalViewsOffsetAndBoundTheBuffer) {
  std::vector<int32_t> data(10);
  for (int i = 0; i < 10; ++i) data[i] = i * i;
  kiln_ascend_model::RunResult r = kiln_model_test::runExpectingStop([&] {
    GlobalTensor<int32_t> g;
    g.SetGlobalBuffer(data.data(), 10);
    GlobalTensor<int32_t> v = g[4];
    EXPECT_EQ(v.GetSize(), 6u);
    EXPECT_EQ(v.GetValue(2), 36);
    v.SetValue(5, -1);
    EXPECT_EQ(data[9], -1);
    v.GetValue(6);
  });
  EXPECT_EQ(r.rule, "model.out-of-range");
  EXPECT_EQ(r.op, "GlobalTensor::GetValue<int32_t>");
}

}  // namespace
