// [ascendc.queue-depth]: no more EnQues in a row than the TQue's depth.
#include "kernel_operator.h"
using namespace AscendC;
constexpr int32_t DEPTH = 2;
class K {
 public:
  __aicore__ inline void CopyIn() {
    LocalTensor<float> a = q.AllocTensor<float>();
    LocalTensor<float> b = q.AllocTensor<float>();
    q.EnQue(a);
    q.EnQue(b);
    LocalTensor<float> c = one.AllocTensor<float>();
    one.EnQue(c);
    c = one.DeQue<float>();
    one.EnQue(c);
  }
  TQue<QuePosition::VECIN, DEPTH> q;
  TQue<QuePosition::VECIN, 1> one;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.CopyIn();
}

// -----
#include "kernel_operator.h"
using namespace AscendC;
class K {
 public:
  __aicore__ inline void CopyIn() {
    LocalTensor<float> a = q.AllocTensor<float>();
    LocalTensor<float> b = q.AllocTensor<float>();
    q.EnQue(a);
    // expected-error@+1 {{[ascendc.queue-depth] EnQue on 'q' leaves 2 tensors queued without a DeQue, but it was declared with depth 1}}
    q.EnQue(b);
  }
  __aicore__ inline void AfterDeQue() {
    // A DeQue first proves one was queued already: then one EnQue fills depth 1, two overfill it.
    LocalTensor<float> x = r.DeQue<float>();
    r.EnQue(x);
    LocalTensor<float> y = r2.AllocTensor<float>();
    // expected-error@+1 {{EnQue on 'r' leaves 2 tensors queued}}
    r.EnQue(y);
  }
  // expected-note@+1 {{'q' is declared here}}
  TQue<QuePosition::VECIN, 1> q;
  TQue<QuePosition::VECIN, 1> r;
  TQue<QuePosition::VECIN, 1> r2;
};
extern "C" __global__ __aicore__ void k(GM_ADDR x) {
  K op;
  op.CopyIn();
}
