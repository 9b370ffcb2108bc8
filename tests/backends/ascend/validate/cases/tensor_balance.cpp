// [ascendc.tensor-balance]: straight-line AllocTensor/FreeTensor/EnQue/DeQue.
#include "kernel_operator.h"
using namespace AscendC;
class K {
 public:
  __aicore__ inline void Compute() {
    LocalTensor<float> x = inQ.DeQue<float>();
    LocalTensor<float> y = outQ.AllocTensor<float>();
    Exp(y, x, 64);
    outQ.EnQue(y);
    inQ.FreeTensor(x);
  }
  __aicore__ inline void Loop(int n) {
    for (int i = 0; i < n; ++i) {
      LocalTensor<float> x = inQ.AllocTensor<float>();
      if (i == 0) inQ.FreeTensor(x); else inQ.EnQue(x);
    }
  }
  __aicore__ inline void Keep() { kept = inQ.AllocTensor<float>(); }
  __aicore__ inline void Pass() {
    LocalTensor<float> x = inQ.AllocTensor<float>();
    Store(x);
  }
  __aicore__ inline void Store(LocalTensor<float> &x) { kept = x; }
  TQue<QuePosition::VECIN, 1> inQ;
  TQue<QuePosition::VECOUT, 1> outQ;
  LocalTensor<float> kept;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.Compute();
}

// -----
#include "kernel_operator.h"
using namespace AscendC;
class K {
 public:
  __aicore__ inline void Compute() {
    LocalTensor<float> x = inQ.DeQue<float>();
    LocalTensor<float> y = outQ.AllocTensor<float>();
    Exp(y, x, 64);
    outQ.EnQue(y);
    // expected-error@+1 {{[ascendc.tensor-balance] 'x' came from 'inQ' but is freed into 'outQ'}}
    outQ.FreeTensor(x);
  }
  __aicore__ inline void Twice() {
    LocalTensor<float> x = inQ.DeQue<float>();
    inQ.FreeTensor(x);
    // expected-error@+1 {{[ascendc.tensor-balance] 'x' is freed twice}}
    inQ.FreeTensor(x);
  }
  __aicore__ inline void Leak() {
    // expected-warning@+1 {{[ascendc.tensor-balance] 'z' from 'inQ' is neither EnQue'd nor FreeTensor'd}}
    LocalTensor<float> z = inQ.AllocTensor<float>();
    Duplicate(z, 1.0f, 64);
    // expected-warning@+1 {{[ascendc.tensor-balance] the tensor from inQ.AllocTensor() is dropped}}
    inQ.AllocTensor<float>();
  }
  TQue<QuePosition::VECIN, 1> inQ;
  TQue<QuePosition::VECOUT, 1> outQ;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.Compute();
}
