// A kernel in the form kiln's emitter writes (an extern "C" __global__
// __aicore__ entry with GM_ADDR parameters, `using namespace AscendC;`),
// with the main() a generated test would add, compiled by ctest with plain
// g++ -std=c++17 -Wall -Wextra -Werror against KILN_ASCEND_MODEL_INCLUDE_DIR
// and run: the path generated code takes through kiln's AscendC model.
#include <cmath>
#include <cstdio>
#include <vector>

#include "kernel_operator.h"

using namespace AscendC;

constexpr int32_t BUFFER_NUM = 2;
constexpr uint32_t kTile = 64;

class KernelScaledExp {
 public:
  __aicore__ inline void Init(GM_ADDR x, GM_ADDR y, uint32_t perBlock) {
    n_ = perBlock;
    xGm.SetGlobalBuffer((__gm__ float *)x + perBlock * GetBlockIdx(), perBlock);
    yGm.SetGlobalBuffer((__gm__ half *)y + perBlock * GetBlockIdx(), perBlock);
    pipe.InitBuffer(inQ, BUFFER_NUM, kTile * sizeof(float));
    pipe.InitBuffer(outQ, BUFFER_NUM, kTile * sizeof(half));
    pipe.InitBuffer(tmp, kTile * sizeof(float));
  }
  __aicore__ inline void Process() {
    for (uint32_t i = 0; i < n_ / kTile; ++i) {
      LocalTensor<float> x = inQ.AllocTensor<float>();
      DataCopy(x, xGm[i * kTile], kTile);
      inQ.EnQue(x);
      LocalTensor<float> xi = inQ.DeQue<float>();
      LocalTensor<float> t = tmp.Get<float>();
      Muls(t, xi, 0.5f, kTile);
      Exp(t, t, kTile);
      LocalTensor<half> y = outQ.AllocTensor<half>();
      Cast(y, t, RoundMode::CAST_RINT, kTile);
      outQ.EnQue<half>(y);
      inQ.FreeTensor(xi);
      LocalTensor<half> yo = outQ.DeQue<half>();
      DataCopy(yGm[i * kTile], yo, kTile);
      outQ.FreeTensor(yo);
    }
  }

 private:
  TPipe pipe;
  TQue<QuePosition::VECIN, 1> inQ;
  TQue<QuePosition::VECOUT, 1> outQ;
  TBuf<TPosition::VECCALC> tmp;
  GlobalTensor<float> xGm;
  GlobalTensor<half> yGm;
  uint32_t n_ = 0;
};

extern "C" __global__ __aicore__ void scaled_exp(GM_ADDR x, GM_ADDR y, uint32_t perBlock) {
  KernelScaledExp op;
  op.Init(x, y, perBlock);
  op.Process();
}

int main() {
  const int blocks = 4;
  const uint32_t perBlock = 256;
  std::vector<float> x(blocks * perBlock);
  std::vector<half> y(x.size());
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 97) / 50.0f - 1.0f;
  kiln_ascend_model::DeviceConfig cfg{196608, 524288, 65536, 65536, 131072};
  kiln_ascend_model::RunResult r = kiln_ascend_model::runBlocks(
      cfg, blocks, [&] { scaled_exp(reinterpret_cast<GM_ADDR>(x.data()), reinterpret_cast<GM_ADDR>(y.data()), perBlock); });
  if (!r.ok) {
    std::fprintf(stderr, "%s\n", r.text().c_str());
    return 1;
  }
  for (size_t i = 0; i < x.size(); ++i) {
    float want = static_cast<float>(half(std::exp(x[i] * 0.5f)));
    if (static_cast<float>(y[i]) != want) {
      std::fprintf(stderr, "y[%zu] = %g, want %g\n", i, static_cast<float>(y[i]), want);
      return 1;
    }
  }
  std::printf("scaled_exp: %zu outputs match\n", y.size());
  return 0;
}
