// DataCopy and DataCopyPad in kiln's model of the documented AscendC API:
// the count form's rounding down to 32 bytes, the strided DataCopyParams
// forms and the unaligned DataCopyPad.
#include <gtest/gtest.h>

#include <vector>

#include "model_test_support.h"

using namespace AscendC;
using kiln_model_test::runOneBlock;

namespace {

// 20 floats are 80 bytes: the hardware moves 64 (16 floats), and the last
// 4 never reach GM. The model records the loss.
TEST(ModelDataCopy, CountNotAMultipleOf32BytesIsRoundedDownAndTheTailIsNotWritten) {
  std::vector<float> in(20), out(20, -1.0f);
  for (int i = 0; i < 20; ++i) in[i] = static_cast<float>(i + 1);
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 1, [&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> buf;
    pipe.InitBuffer(buf, 128);
    LocalTensor<float> t = buf.Get<float>();
    Duplicate(t, 0.0f, 32);
    GlobalTensor<float> inGm, outGm;
    inGm.SetGlobalBuffer(in.data(), 20);
    outGm.SetGlobalBuffer(out.data(), 20);
    DataCopy(t, inGm, 20);
    DataCopy(outGm, t, 20);
  });
  ASSERT_TRUE(r.ok) << r.text();
  for (int i = 0; i < 16; ++i) EXPECT_EQ(out[i], in[i]) << i;
  for (int i = 16; i < 20; ++i) EXPECT_EQ(out[i], -1.0f) << "element " << i << " of the tail was written";
  ASSERT_EQ(r.truncations.size(), 2u);  // in and out
  EXPECT_EQ(r.truncations[0].requestedBytes, 80u);
  EXPECT_EQ(r.truncations[0].copiedBytes, 64u);
}

TEST(ModelDataCopy, AWholeNumberOfBlocksIsCopiedExactlyAndNotRecorded) {
  std::vector<half> in(48), out(48);
  for (int i = 0; i < 48; ++i) in[i] = half(0.25f * i);
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 1, [&] {
    TPipe pipe;
    TQue<QuePosition::VECIN, 1> q;
    pipe.InitBuffer(q, 1, 48 * sizeof(half));
    GlobalTensor<half> inGm, outGm;
    inGm.SetGlobalBuffer(in.data(), 48);
    outGm.SetGlobalBuffer(out.data(), 48);
    LocalTensor<half> t = q.AllocTensor<half>();
    DataCopy(t, inGm, 48);
    q.EnQue(t);
    LocalTensor<half> u = q.DeQue<half>();
    DataCopy(outGm, u, 48);
    q.FreeTensor(u);
  });
  ASSERT_TRUE(r.ok) << r.text();
  EXPECT_TRUE(r.truncations.empty());
  for (int i = 0; i < 48; ++i) EXPECT_EQ(static_cast<float>(out[i]), 0.25f * i);
}

// Rows 1 and 3 of a 4 x 16-float matrix (64 B each): blockLen 2 blocks,
// a source gap of one row (2 blocks) and a destination gap of 1 block.
TEST(ModelDataCopy, StridedParamsSkipTheGapsOnBothSides) {
  std::vector<float> m(64), out(64, -7.0f);
  for (int i = 0; i < 64; ++i) m[i] = static_cast<float>(i);
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> buf;
    pipe.InitBuffer(buf, 1024);
    LocalTensor<float> t = buf.Get<float>();
    Duplicate(t, -1.0f, 256);
    GlobalTensor<float> gm, outGm;
    gm.SetGlobalBuffer(m.data(), 64);
    outGm.SetGlobalBuffer(out.data(), 64);
    DataCopy(t, gm[16], DataCopyParams{2, 2, 2, 1});
    // UB: row 1 at 0..15, a gap of 8 floats, row 3 at 24..39.
    for (int i = 0; i < 16; ++i) EXPECT_EQ(t.GetValue(i), 16.0f + i);
    for (int i = 16; i < 24; ++i) EXPECT_EQ(t.GetValue(i), -1.0f);
    for (int i = 0; i < 16; ++i) EXPECT_EQ(t.GetValue(24 + i), 48.0f + i);
    // Back out with the gaps swapped: UB gap 1 block, GM gap 2 blocks.
    DataCopy(outGm, t, DataCopyParams{2, 2, 1, 2});
  });
  for (int i = 0; i < 16; ++i) EXPECT_EQ(out[i], 16.0f + i);
  for (int i = 16; i < 32; ++i) EXPECT_EQ(out[i], -7.0f);
  for (int i = 0; i < 16; ++i) EXPECT_EQ(out[32 + i], 48.0f + i);
}

// Three rows of 5 floats (20 B) out of a 7-float-wide matrix: each UB row
// starts 32-byte aligned, padded with paddingValue after one left pad.
TEST(ModelDataCopy, PadCopiesUnalignedRowsIntoAlignedBlocksWithPadding) {
  std::vector<float> m(21), out(21, -3.0f);
  for (int i = 0; i < 21; ++i) m[i] = static_cast<float>(i);
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::VECCALC> buf;
    pipe.InitBuffer(buf, 256);
    LocalTensor<float> t = buf.Get<float>();
    GlobalTensor<float> gm, outGm;
    gm.SetGlobalBuffer(m.data(), 21);
    outGm.SetGlobalBuffer(out.data(), 21);
    // GM gap: 2 floats = 8 bytes; UB gap: none.
    DataCopyPad(t, gm, DataCopyExtParams{3, 20, 8, 0, 0}, DataCopyPadExtParams<float>{true, 1, 0, 9.5f});
    for (int row = 0; row < 3; ++row) {
      EXPECT_EQ(t.GetValue(row * 8), 9.5f) << "left pad of row " << row;
      for (int c = 0; c < 5; ++c) EXPECT_EQ(t.GetValue(row * 8 + 1 + c), m[row * 7 + c]);
      for (int c = 6; c < 8; ++c) EXPECT_EQ(t.GetValue(row * 8 + c), 9.5f) << "right fill of row " << row;
    }
    // Without isPad the fill is the block's first element.
    DataCopyPad(t, gm[7], DataCopyExtParams{1, 20, 0, 0, 0}, DataCopyPadExtParams<float>{false, 0, 0, 0.0f});
    for (int c = 5; c < 8; ++c) EXPECT_EQ(t.GetValue(c), m[7]);
    // Out again: reload the rows without padding (data at row * 8), then
    // UB blocks of 8 floats to GM rows of 7 (a GM gap of 8 bytes).
    DataCopyPad(t, gm, DataCopyExtParams{3, 20, 8, 0, 0}, DataCopyPadExtParams<float>{false, 0, 0, 0.0f});
    DataCopyPad(outGm, t, DataCopyExtParams{3, 20, 0, 8, 0});
  });
  for (int row = 0; row < 3; ++row) {
    for (int c = 0; c < 5; ++c) EXPECT_EQ(out[row * 7 + c], m[row * 7 + c]);
    for (int c = 5; c < 7; ++c) EXPECT_EQ(out[row * 7 + c], -3.0f) << "the GM gap was written";
  }
}

}  // namespace
