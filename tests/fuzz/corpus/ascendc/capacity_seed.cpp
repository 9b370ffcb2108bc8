// [ascendc.capacity]: InitBuffer sizes per memory against the target's.
#include "kernel_operator.h"
using namespace AscendC;
#define TILE_LEN 8192
constexpr uint32_t BUFFER_NUM = 2;
class K {
 public:
  __aicore__ inline void Init() {
    pipe.InitBuffer(inQ, BUFFER_NUM, TILE_LEN * sizeof(float));   // 64 KiB of UB
    pipe.InitBuffer(outQ, BUFFER_NUM, TILE_LEN * sizeof(float));  // 128 KiB
    pipe.InitBuffer(tmp, 65536 - 32);                             // 192 KiB - 32 B: fits 910B's 196608
    pipe.InitBuffer(a1, 1, 512 * 1024);                           // all of L1
    pipe.InitBuffer(a2, 1, 64 * 1024);
  }
  TPipe pipe;
  TQue<QuePosition::VECIN, BUFFER_NUM> inQ;
  TQue<QuePosition::VECOUT, BUFFER_NUM> outQ;
  TBuf<TPosition::VECCALC> tmp;
  TQue<TPosition::A1, 1> a1;
  TQue<TPosition::A2, 1> a2;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.Init();
}

// -----
#include "kernel_operator.h"
using namespace AscendC;
#define TILE_LEN 8192
constexpr uint32_t BUFFER_NUM = 2;
class K {
 public:
  __aicore__ inline void Init() {
    pipe.InitBuffer(inQ, BUFFER_NUM, TILE_LEN * sizeof(float));
    pipe.InitBuffer(outQ, BUFFER_NUM, TILE_LEN * sizeof(float));
    // expected-error@+1 {{[ascendc.capacity] the InitBuffer calls on 'pipe' reserve 196640 B of UB by here, over ascend910b2's 196608 B}}
    pipe.InitBuffer(tmp, 65536 + 1);  // rounded up to 32
    // expected-error@+1 {{reserve 65568 B of L0A by here, over ascend910b2's 65536 B}}
    pipe.InitBuffer(a2, 1, 65537);
  }
  TPipe pipe;
  TQue<QuePosition::VECIN, BUFFER_NUM> inQ;
  TQue<QuePosition::VECOUT, BUFFER_NUM> outQ;
  TBuf<TPosition::VECCALC> tmp;
  TQue<TPosition::A2, 1> a2;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.Init();
}

// -----
// 310P's UB is 256 KiB: what overflows 910B fits here.
// target: ascend310p3
#include "kernel_operator.h"
using namespace AscendC;
class K {
 public:
  __aicore__ inline void Init() { pipe.InitBuffer(q, 2, 120 * 1024); }
  TPipe pipe;
  TQue<QuePosition::VECIN, 2> q;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.Init();
}

// -----
// Unevaluable sizes and branches: notes, never errors.
#include "kernel_operator.h"
using namespace AscendC;
class K {
 public:
  __aicore__ inline void Init(uint32_t tileLength, bool big) {
    // expected-note@+1 {{[ascendc.capacity] cannot bound this InitBuffer: the length is not a constant}}
    pipe.InitBuffer(inQ, 2, tileLength * sizeof(float));
    if (big) {
      // expected-note@+1 {{cannot bound this InitBuffer: it runs under a branch}}
      pipe.InitBuffer(tmp, 190 * 1024);
    } else {
      // expected-note@+1 {{it runs under a branch}}
      pipe.InitBuffer(tmp, 190 * 1024);
    }
    // expected-note@+1 {{does not see how 'mystery' is declared}}
    pipe.InitBuffer(mystery, 1024);
    pipe.InitBuffer(other, 8, 24 * 1024);
  }
  TPipe pipe;
  TQue<QuePosition::VECIN, 2> inQ;
  TBuf<TPosition::VECCALC> tmp;
  TQue<QuePosition::VECOUT, 1> other;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.Init(1024, true);
}
