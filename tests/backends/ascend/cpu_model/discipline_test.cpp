// The discipline kiln's model of the documented AscendC API enforces: each
// rule, broken once, stops the run with a message that names the op and
// the rule's code, and the block it happened in.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "model_test_support.h"
#include "planted_bugs.h"

using namespace AscendC;
using kiln_ascend_model::RunResult;
using kiln_model_test::runExpectingStop;

namespace {

void expectStop(const RunResult &r, const std::string &rule, const std::string &op) {
  ASSERT_FALSE(r.ok) << "the run was not stopped; expected [" << rule << "]";
  EXPECT_EQ(r.rule, rule) << r.text();
  EXPECT_EQ(r.op, op) << r.text();
  std::string text = r.text();
  EXPECT_EQ(text.rfind("kiln AscendC model: error: [" + rule + "] " + op, 0), 0u) << text;
}

TEST(ModelDiscipline, DeQueWithNothingEnqueued) {
  RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 4, [] {
    if (GetBlockIdx() == 3) kiln_planted::dequeEmpty();
  });
  expectStop(r, "model.deque-empty", "DeQue<float>");
  EXPECT_EQ(r.block, 3);
  EXPECT_EQ(r.text(),
            "kiln AscendC model: error: [model.deque-empty] DeQue<float> on a VECIN queue with nothing enqueued "
            "(block 3)");
}

TEST(ModelDiscipline, EnQueBeyondTheQueueDepth) {
  RunResult r = runExpectingStop(kiln_planted::enqueFull);
  expectStop(r, "model.enque-full", "EnQue<float>");
  EXPECT_NE(r.message.find("depth 1"), std::string::npos) << r.message;
}

TEST(ModelDiscipline, MoreLiveTensorsThanTheQueueHasBuffers) {
  RunResult r = runExpectingStop(kiln_planted::allocExhausted);
  expectStop(r, "model.alloc-exhausted", "AllocTensor<half>");
  EXPECT_NE(r.message.find("all 2 of its buffers live"), std::string::npos) << r.message;
}

TEST(ModelDiscipline, FreeingAndAllocatingAgainCyclesWithoutComplaint) {
  RunResult r = runExpectingStop([] {
    TPipe pipe;
    TQue<QuePosition::VECIN, 2> q;
    pipe.InitBuffer(q, 2, 256);
    for (int i = 0; i < 10; ++i) {
      LocalTensor<half> a = q.AllocTensor<half>();
      q.EnQue(a);
      LocalTensor<half> b = q.DeQue<half>();
      q.FreeTensor(b);
    }
  });
  EXPECT_TRUE(r.ok) << r.text();
}

TEST(ModelDiscipline, UseAfterFreeTensor) {
  std::vector<float> out(64, 0.0f);
  RunResult r = runExpectingStop([&] { kiln_planted::useAfterFree(out); });
  expectStop(r, "model.use-after-free", "DataCopy<float> VECOUT->GM");
  EXPECT_NE(r.message.find("freed (FreeTensor)"), std::string::npos) << r.message;
}

TEST(ModelDiscipline, UseOfATensorWhoseBufferWasAllocatedAgain) {
  RunResult r = runExpectingStop([] {
    TPipe pipe;
    TQue<QuePosition::VECIN, 1> q;
    pipe.InitBuffer(q, 1, 256);
    LocalTensor<float> old = q.AllocTensor<float>();
    q.FreeTensor(old);
    LocalTensor<float> fresh = q.AllocTensor<float>();
    Duplicate(fresh, 0.0f, 64);
    Adds(fresh, old, 1.0f, 64);
  });
  expectStop(r, "model.use-after-free", "Adds<float>");
  EXPECT_NE(r.message.find("operand src"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("allocated again"), std::string::npos) << r.message;
}

// DeQue hands back the tensor as enqueued: if its buffer was freed and
// allocated again in between, the dequeued tensor is stale.
TEST(ModelDiscipline, DeQueOfATensorFreedWhileEnqueued) {
  RunResult r = runExpectingStop([] {
    TPipe pipe;
    TQue<QuePosition::VECIN, 1> q;
    pipe.InitBuffer(q, 1, 256);
    LocalTensor<float> x = q.AllocTensor<float>();
    q.EnQue(x);
    q.FreeTensor(x);
    LocalTensor<float> y = q.AllocTensor<float>();
    Duplicate(y, 1.0f, 64);
    LocalTensor<float> z = q.DeQue<float>();
    Adds(y, z, 1.0f, 64);
  });
  expectStop(r, "model.use-after-free", "Adds<float>");
}

TEST(ModelDiscipline, InitBufferOverTheSpaceCapacity) {
  RunResult r = runExpectingStop([] {
    TPipe pipe;
    TQue<QuePosition::VECIN, 2> in;
    TBuf<TPosition::VECCALC> tmp;
    pipe.InitBuffer(in, 2, 65536);
    pipe.InitBuffer(tmp, 65537);  // rounds to 65568: 196640 > 196608
  });
  expectStop(r, "model.capacity", "InitBuffer");
  EXPECT_NE(r.message.find("UB has 196608 bytes and 131072 are placed already"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("1 x 65568 bytes for a VECCALC TBuf"), std::string::npos) << r.message;
}

TEST(ModelDiscipline, EachSpaceHasItsOwnBumpPointerAndLengthsRoundUpTo32) {
  RunResult r = runExpectingStop([] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> a, b;
    TQue<TPosition::A1, 1> l1;
    pipe.InitBuffer(a, 40);
    pipe.InitBuffer(l1, 1, 100);
    pipe.InitBuffer(b, 8);
  });
  ASSERT_TRUE(r.ok) << r.text();
  ASSERT_EQ(r.placements.size(), 3u);
  EXPECT_EQ(r.placements[0].offset, 0u);
  EXPECT_EQ(r.placements[0].bytes, 64u);
  EXPECT_EQ(r.placements[1].space, kiln_ascend_model::Space::L1);
  EXPECT_EQ(r.placements[1].offset, 0u);
  EXPECT_EQ(r.placements[1].bytes, 128u);
  EXPECT_EQ(r.placements[2].offset, 64u);
}

TEST(ModelDiscipline, MoreThanEightQueueBuffersAtOnePosition) {
  RunResult r = runExpectingStop([] {
    TPipe pipe;
    TQue<QuePosition::VECIN, 1> a, b;
    pipe.InitBuffer(a, 6, 32);
    pipe.InitBuffer(b, 3, 32);
  });
  expectStop(r, "model.buffer-count", "InitBuffer");
}

TEST(ModelDiscipline, MisalignedLocalStart) {
  RunResult r = runExpectingStop(kiln_planted::misalignedStart);
  expectStop(r, "model.misaligned", "Add<float>");
  EXPECT_NE(r.message.find("operand src0 starts at byte 12 of UB, not 32-byte aligned"), std::string::npos)
      << r.message;
}

TEST(ModelDiscipline, LocalAccessPastTheBuffer) {
  RunResult r = runExpectingStop([] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> a, b;
    pipe.InitBuffer(a, 256);
    pipe.InitBuffer(b, 256);
    LocalTensor<float> x = a.Get<float>(), y = b.Get<float>();
    Muls(y, x, 2.0f, 65);  // the buffers hold 64 floats
  });
  expectStop(r, "model.out-of-range", "Muls<float>");
  r = runExpectingStop([] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> a;
    pipe.InitBuffer(a, 64);
    a.Get<half>().GetValue(32);
  });
  expectStop(r, "model.out-of-range", "GetValue<half>");
}

TEST(ModelDiscipline, GlobalAccessPastSetGlobalBufferSize) {
  std::vector<float> gmData(100);
  RunResult r = runExpectingStop([&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> a;
    pipe.InitBuffer(a, 512);
    GlobalTensor<float> gm;
    gm.SetGlobalBuffer(gmData.data(), 100);
    DataCopy(a.Get<float>(), gm[64], 64);  // elements 64..127 of 100
  });
  expectStop(r, "model.out-of-range", "DataCopy<float>");
  EXPECT_NE(r.message.find("GM elements [0, 64) of a GlobalTensor of 36 elements"), std::string::npos) << r.message;
}

TEST(ModelDiscipline, WaitFlagWithoutSetFlag) {
  RunResult r = runExpectingStop([] {
    SetFlag<HardEvent::MTE2_V>(EVENT_ID0);
    WaitFlag<HardEvent::MTE2_V>(EVENT_ID0);
    WaitFlag<HardEvent::MTE2_V>(EVENT_ID0);
  });
  expectStop(r, "model.flag-wait-unset", "WaitFlag<HardEvent::MTE2_V>");
}

TEST(ModelDiscipline, SetFlagTwiceBeforeItsWait) {
  RunResult r = runExpectingStop([] {
    SetFlag<HardEvent::M_FIX>(1);
    SetFlag<HardEvent::M_FIX>(2);  // another id is fine
    SetFlag<HardEvent::M_FIX>(1);
  });
  expectStop(r, "model.flag-double-set", "SetFlag<HardEvent::M_FIX>");
}

TEST(ModelDiscipline, FlagIdOutOfRange) {
  RunResult r = runExpectingStop([] { SetFlag<HardEvent::V_MTE3>(8); });
  expectStop(r, "model.flag-id", "SetFlag<HardEvent::V_MTE3>");
}

TEST(ModelDiscipline, FlagsStartClearInEveryBlock) {
  RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 2, [] { SetFlag<HardEvent::MTE2_MTE1>(0); });
  EXPECT_TRUE(r.ok) << r.text();
}

TEST(ModelDiscipline, DataCopyBlockCountOutOfRange) {
  std::vector<float> gmData(8 * 4096);
  RunResult r = runExpectingStop([&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> a;
    pipe.InitBuffer(a, 4096);
    GlobalTensor<float> gm;
    gm.SetGlobalBuffer(gmData.data(), gmData.size());
    DataCopy(a.Get<float>(), gm, DataCopyParams{4096, 1, 0, 0});
  });
  expectStop(r, "model.blockcount", "DataCopy<float> GM->VECCALC (DataCopyParams)");
  r = runExpectingStop([&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> a;
    pipe.InitBuffer(a, 4096);
    GlobalTensor<float> gm;
    gm.SetGlobalBuffer(gmData.data(), gmData.size());
    DataCopy(gm, a.Get<float>(), DataCopyParams{0, 1, 0, 0});
  });
  expectStop(r, "model.blockcount", "DataCopy<float> VECCALC->GM (DataCopyParams)");
}

// The notes: PipeBarrier<PIPE_M> between accumulating Mmads when
// (m/16)*(n/16) < 10. Without it the second Mmad stops; with it, or at a
// size of 10 fractals or more, it runs.
TEST(ModelDiscipline, SmallAccumulatingMmadWithoutPipeBarrier) {
  auto twoMmads = [](uint16_t n, bool barrier) {
    return runExpectingStop([=] {
      TPipe pipe;
      TBuf<TPosition::A2> l0a;
      TBuf<TPosition::B2> l0b;
      TBuf<TPosition::CO1> l0c;
      pipe.InitBuffer(l0a, 16 * 16 * 2);
      pipe.InitBuffer(l0b, 16 * 160 * 2);
      pipe.InitBuffer(l0c, 16 * 160 * 4);
      MmadParams p(16, n, 16);
      Mmad(l0c.Get<float>(), l0a.Get<half>(), l0b.Get<half>(), p);
      if (barrier) PipeBarrier<PIPE_M>();
      p.cmatrixInitVal = false;
      Mmad(l0c.Get<float>(), l0a.Get<half>(), l0b.Get<half>(), p);
    });
  };
  RunResult r = twoMmads(64, false);
  expectStop(r, "model.mmad-barrier", "Mmad<half>");
  EXPECT_NE(r.message.find("(m/16)*(n/16) = 4 < 10"), std::string::npos) << r.message;
  EXPECT_TRUE(twoMmads(64, true).ok);
  EXPECT_TRUE(twoMmads(160, false).ok);
}

TEST(ModelDiscipline, VectorOpOnAnL1Tensor) {
  RunResult r = runExpectingStop([] {
    TPipe pipe;
    TQue<TPosition::A1, 1> q;
    pipe.InitBuffer(q, 1, 512);
    LocalTensor<half> t = q.AllocTensor<half>();
    Duplicate(t, half(0.0f), 256);
  });
  expectStop(r, "model.position", "Duplicate<half>");
}

TEST(ModelDiscipline, AllocTensorOnAQueueWithoutInitBuffer) {
  RunResult r = runExpectingStop([] {
    TQue<QuePosition::VECOUT, 1> q;
    q.AllocTensor<float>();
  });
  expectStop(r, "model.queue-uninit", "AllocTensor<float>");
}

TEST(ModelDiscipline, ATensorFromAnEarlierBlockIsStale) {
  LocalTensor<float> kept;
  RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 2, [&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> a;
    pipe.InitBuffer(a, 256);
    if (GetBlockIdx() == 1) Duplicate(kept, 0.0f, 8);
    kept = a.Get<float>();
  });
  expectStop(r, "model.use-after-free", "Duplicate<float>");
  EXPECT_EQ(r.block, 1);
}

}  // namespace
