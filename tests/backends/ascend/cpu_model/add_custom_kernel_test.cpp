// A vector kernel written the way Huawei's add_custom sample is (a class
// with TPipe, VECIN/VECOUT TQues with BUFFER_NUM 2, CopyIn/Compute/CopyOut
// in a loop), run on kiln's model of the documented AscendC API for
// several blocks and checked against a plain loop. It also shows where
// the pipe placed the double buffers.
#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "model_test_support.h"

using namespace AscendC;

namespace {

constexpr int32_t BUFFER_NUM = 2;

template <typename T> class KernelAdd {
 public:
  __aicore__ inline KernelAdd() {}
  __aicore__ inline void Init(GM_ADDR x, GM_ADDR y, GM_ADDR z, uint32_t blockLength, uint32_t tileLength) {
    blockLength_ = blockLength;
    tileLength_ = tileLength;
    tileNum_ = blockLength / tileLength;
    xGm.SetGlobalBuffer((__gm__ T *)x + blockLength * GetBlockIdx(), blockLength);
    yGm.SetGlobalBuffer((__gm__ T *)y + blockLength * GetBlockIdx(), blockLength);
    zGm.SetGlobalBuffer((__gm__ T *)z + blockLength * GetBlockIdx(), blockLength);
    pipe.InitBuffer(inQueueX, BUFFER_NUM, tileLength * sizeof(T));
    pipe.InitBuffer(inQueueY, BUFFER_NUM, tileLength * sizeof(T));
    pipe.InitBuffer(outQueueZ, BUFFER_NUM, tileLength * sizeof(T));
  }
  __aicore__ inline void Process() {
    for (uint32_t i = 0; i < tileNum_; i++) {
      CopyIn(i);
      Compute(i);
      CopyOut(i);
    }
  }

 private:
  __aicore__ inline void CopyIn(uint32_t progress) {
    LocalTensor<T> xLocal = inQueueX.template AllocTensor<T>();
    LocalTensor<T> yLocal = inQueueY.template AllocTensor<T>();
    DataCopy(xLocal, xGm[progress * tileLength_], tileLength_);
    DataCopy(yLocal, yGm[progress * tileLength_], tileLength_);
    inQueueX.EnQue(xLocal);
    inQueueY.EnQue(yLocal);
  }
  __aicore__ inline void Compute(uint32_t) {
    LocalTensor<T> xLocal = inQueueX.template DeQue<T>();
    LocalTensor<T> yLocal = inQueueY.template DeQue<T>();
    LocalTensor<T> zLocal = outQueueZ.template AllocTensor<T>();
    Add(zLocal, xLocal, yLocal, tileLength_);
    outQueueZ.template EnQue<T>(zLocal);
    inQueueX.FreeTensor(xLocal);
    inQueueY.FreeTensor(yLocal);
  }
  __aicore__ inline void CopyOut(uint32_t progress) {
    LocalTensor<T> zLocal = outQueueZ.template DeQue<T>();
    DataCopy(zGm[progress * tileLength_], zLocal, tileLength_);
    outQueueZ.FreeTensor(zLocal);
  }

  TPipe pipe;
  TQue<QuePosition::VECIN, BUFFER_NUM> inQueueX, inQueueY;
  TQue<QuePosition::VECOUT, BUFFER_NUM> outQueueZ;
  GlobalTensor<T> xGm, yGm, zGm;
  uint32_t blockLength_ = 0, tileLength_ = 0, tileNum_ = 0;
};

template <typename T> void add_custom(GM_ADDR x, GM_ADDR y, GM_ADDR z, uint32_t blockLength, uint32_t tileLength) {
  KernelAdd<T> op;
  op.Init(x, y, z, blockLength, tileLength);
  op.Process();
}

TEST(ModelAddCustomKernel, EightBlocksOfHalfMatchAPlainLoop) {
  const int blocks = 8, blockLength = 2048, tileLength = 128;
  std::vector<float> xs = kiln_model_test::randomFloats(blocks * blockLength, 11);
  std::vector<float> ys = kiln_model_test::randomFloats(blocks * blockLength, 12);
  std::vector<half> x(xs.begin(), xs.end()), y(ys.begin(), ys.end()), z(xs.size(), half(-999.0f));
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), blocks, [&] {
    add_custom<half>(reinterpret_cast<GM_ADDR>(x.data()), reinterpret_cast<GM_ADDR>(y.data()),
                     reinterpret_cast<GM_ADDR>(z.data()), blockLength, tileLength);
  });
  ASSERT_TRUE(r.ok) << r.text();
  EXPECT_EQ(r.blocksRun, blocks);
  EXPECT_TRUE(r.truncations.empty());
  for (size_t i = 0; i < z.size(); ++i)
    ASSERT_EQ(z[i].bits, half(static_cast<float>(x[i]) + static_cast<float>(y[i])).bits) << i;
}

TEST(ModelAddCustomKernel, FloatBlocksMatchAPlainLoop) {
  const int blocks = 3, blockLength = 512, tileLength = 64;
  std::vector<float> x = kiln_model_test::randomFloats(blocks * blockLength, 13);
  std::vector<float> y = kiln_model_test::randomFloats(blocks * blockLength, 14);
  std::vector<float> z(x.size(), 0.0f);
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), blocks, [&] {
    add_custom<float>(reinterpret_cast<GM_ADDR>(x.data()), reinterpret_cast<GM_ADDR>(y.data()),
                      reinterpret_cast<GM_ADDR>(z.data()), blockLength, tileLength);
  });
  ASSERT_TRUE(r.ok) << r.text();
  for (size_t i = 0; i < z.size(); ++i) ASSERT_EQ(z[i], x[i] + y[i]) << i;
}

// Six UB buffers of 256 B in InitBuffer order behind one bump pointer.
TEST(ModelAddCustomKernel, ThePipePlacesTheDoubleBuffersInCallOrder) {
  std::vector<half> x(256), y(256), z(256);
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(kiln_model_test::ascend910b(), 2, [&] {
    add_custom<half>(reinterpret_cast<GM_ADDR>(x.data()), reinterpret_cast<GM_ADDR>(y.data()),
                     reinterpret_cast<GM_ADDR>(z.data()), 128, 128);
  });
  ASSERT_TRUE(r.ok) << r.text();
  ASSERT_EQ(r.placements.size(), 6u);
  for (uint32_t i = 0; i < 6; ++i) {
    EXPECT_EQ(r.placements[i].space, kiln_ascend_model::Space::UB);
    EXPECT_EQ(r.placements[i].offset, 256u * i);
    EXPECT_EQ(r.placements[i].bytes, 256u);
    EXPECT_EQ(r.placements[i].index, i % 2);
  }
  EXPECT_EQ(r.placements[0].position, TPosition::VECIN);
  EXPECT_EQ(r.placements[4].position, TPosition::VECOUT);
}

}  // namespace
