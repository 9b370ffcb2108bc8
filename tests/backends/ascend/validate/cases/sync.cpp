// [ascendc.sync]: GM<->local DataCopy ordered by the queues, a PIPE_ALL
// barrier or SetFlag/WaitFlag. An error on 310P, a warning elsewhere.
// target: ascend310p3
#include "kernel_operator.h"
using namespace AscendC;
constexpr int32_t TILE = 256;
class KernelAdd {
 public:
  __aicore__ inline void Init(GM_ADDR x, GM_ADDR z) {
    xGm.SetGlobalBuffer((__gm__ half *)x, TILE);
    zGm.SetGlobalBuffer((__gm__ half *)z, TILE);
    pipe.InitBuffer(inQ, 2, TILE * sizeof(half));
    pipe.InitBuffer(outQ, 2, TILE * sizeof(half));
  }
  __aicore__ inline void CopyIn() {
    LocalTensor<half> xLocal = inQ.AllocTensor<half>();
    DataCopy(xLocal, xGm, TILE);
    inQ.EnQue(xLocal);
  }
  __aicore__ inline void Compute() {
    LocalTensor<half> xLocal = inQ.DeQue<half>();
    LocalTensor<half> zLocal = outQ.AllocTensor<half>();
    Adds(zLocal, xLocal, (half)1, TILE);
    outQ.EnQue<half>(zLocal);
    inQ.FreeTensor(xLocal);
  }
  __aicore__ inline void CopyOut() {
    LocalTensor<half> zLocal = outQ.DeQue<half>();
    DataCopy(zGm, zLocal, TILE);
    outQ.FreeTensor(zLocal);
  }
 private:
  TPipe pipe;
  TQue<QuePosition::VECIN, 2> inQ;
  TQue<QuePosition::VECOUT, 2> outQ;
  GlobalTensor<half> xGm, zGm;
};
extern "C" __global__ __aicore__ void add_one(GM_ADDR x, GM_ADDR z) {
  KernelAdd op;
  op.Init(x, z);
  op.CopyIn();
  op.Compute();
  op.CopyOut();
}

// -----
// target: ascend310p3
#include "kernel_operator.h"
using namespace AscendC;
class KernelBad {
 public:
  __aicore__ inline void Run() {
    LocalTensor<float> x = inQ.AllocTensor<float>();
    // expected-error@+1 {{[ascendc.sync] DataCopy from global memory into 'x' is not ordered before its use: no EnQue(x)}}
    DataCopy(x, xGm, 64);
    Muls(x, x, 2.0f, 64);
    // expected-error@+1 {{[ascendc.sync] DataCopy of 'x' out to global memory is not ordered}}
    DataCopy(zGm, x, 64);
    inQ.FreeTensor(x);
  }
  TQue<QuePosition::VECIN, 1> inQ;
  GlobalTensor<float> xGm, zGm;
};
extern "C" __global__ __aicore__ void bad(GM_ADDR x) {
  KernelBad op;
  op.Run();
}

// -----
// The same kernel on 910B: a warning, which names the 310P rule.
#include "kernel_operator.h"
using namespace AscendC;
class KernelBad {
 public:
  __aicore__ inline void Run() {
    LocalTensor<float> x = inQ.AllocTensor<float>();
    // expected-warning@+1 {{ascend-rs's ascend_compile makes it an error on 310P only}}
    DataCopy(x, xGm, 64);
    Muls(x, x, 2.0f, 64);
    // expected-warning@+1 {{[ascendc.sync] DataCopy of 'x' out to global memory}}
    DataCopy(zGm, x, 64);
    inQ.FreeTensor(x);
  }
  TQue<QuePosition::VECIN, 1> inQ;
  GlobalTensor<float> xGm, zGm;
};
extern "C" __global__ __aicore__ void bad(GM_ADDR x) {
  KernelBad op;
  op.Run();
}

// -----
// target: ascend310p3
// Barriers and flags order the copies; a TBuf in the entry itself too.
#include "kernel_operator.h"
using namespace AscendC;
extern "C" __global__ __aicore__ void barriers(GM_ADDR x, GM_ADDR z) {
  TPipe pipe;
  TBuf<TPosition::VECCALC> buf;
  GlobalTensor<float> xGm, zGm;
  xGm.SetGlobalBuffer((__gm__ float *)x, 64);
  zGm.SetGlobalBuffer((__gm__ float *)z, 64);
  pipe.InitBuffer(buf, 256);
  LocalTensor<float> t = buf.Get<float>();
  DataCopy(t, xGm, 64);
  PipeBarrier<PIPE_ALL>();
  Muls(t, t, 2.0f, 64);
  SetFlag<HardEvent::V_MTE3>(0);
  WaitFlag<HardEvent::V_MTE3>(0);
  DataCopy(zGm, t, 64);
  pipe_barrier(PIPE_ALL);
}

// -----
// target: ascend310p3
#include "kernel_operator.h"
using namespace AscendC;
extern "C" __global__ __aicore__ void tbuf_race(GM_ADDR x, GM_ADDR z) {
  TPipe pipe;
  TBuf<TPosition::VECCALC> buf;
  GlobalTensor<float> xGm, zGm;
  pipe.InitBuffer(buf, 256);
  LocalTensor<float> t = buf.Get<float>();
  // expected-error@+1 {{[ascendc.sync] DataCopy from global memory into 't'}}
  DataCopy(t, xGm, 64);
  Muls(t, t, 2.0f, 64);
}

// -----
// target: ascend310p3
// A helper's TBuf copy may be ordered by its caller; a tensor handed to
// code kiln cannot see may be too: no claim.
#include "kernel_operator.h"
using namespace AscendC;
class K {
 public:
  __aicore__ inline void CopyIn() {
    LocalTensor<float> t = buf.Get<float>();
    DataCopy(t, xGm, 64);
    LocalTensor<float> u = inQ.AllocTensor<float>();
    DataCopy(u, xGm, 64);
    Helper(u);
  }
  __aicore__ inline void Helper(LocalTensor<float> &u) { inQ.EnQue(u); }
  TBuf<TPosition::VECCALC> buf;
  TQue<QuePosition::VECIN, 1> inQ;
  GlobalTensor<float> xGm;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.CopyIn();
  PipeBarrier<PIPE_ALL>();
}

// -----
// target: ascend310p3
// EnQue spelled through .template, or on a queue kiln cannot name, still orders.
#include "kernel_operator.h"
using namespace AscendC;
template <typename T>
class K {
 public:
  __aicore__ inline void CopyIn() {
    LocalTensor<T> a = inQ.template AllocTensor<T>();
    DataCopy(a, xGm, 64);
    inQ.template EnQue<T>(a);
    LocalTensor<T> b = inQ.template AllocTensor<T>();
    DataCopy(b, xGm, 64);
    queues[0].EnQue(b);
  }
  TQue<QuePosition::VECIN, 2> inQ;
  TQue<QuePosition::VECIN, 2> queues[2];
  GlobalTensor<T> xGm;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K<float> op;
  op.CopyIn();
}
