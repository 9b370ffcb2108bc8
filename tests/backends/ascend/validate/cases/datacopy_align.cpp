// [ascendc.datacopy-align]: count * sizeof(T) must be whole 32 B blocks.
#include "kernel_operator.h"
using namespace AscendC;
constexpr int32_t N = 48;  // 48 halves = 96 B
extern "C" __global__ __aicore__ void k(GM_ADDR x, GM_ADDR z) {
  GlobalTensor<half> xGm, zGm;
  TQue<QuePosition::VECIN, 1> q;
  LocalTensor<half> t = q.AllocTensor<half>();
  DataCopy(t, xGm, N);
  DataCopy(t, xGm, DataCopyParams{1, 3, 0, 0});
  DataCopyPad(t, xGm, DataCopyExtParams{1, 10, 0, 0, 0}, DataCopyPadExtParams<half>{false, 0, 0, 0});
  q.EnQue(t);
  t = q.DeQue<half>();
  DataCopy(zGm, t, 16);
  q.FreeTensor(t);
}

// -----
#include "kernel_operator.h"
using namespace AscendC;
#define LEN 1000
extern "C" __global__ __aicore__ void k(GM_ADDR x, GM_ADDR z) {
  GlobalTensor<float> xGm;
  GlobalTensor<half> zGm;
  TQue<QuePosition::VECIN, 1> q;
  LocalTensor<float> t = q.AllocTensor<float>();
  // expected-error@+1 {{[ascendc.datacopy-align] DataCopy of 1001 float elements = 4004 B is not a multiple of 32 B: the hardware silently rounds it down to 4000 B}}
  DataCopy(t, xGm, LEN + 1);
  q.EnQue(t);
  LocalTensor<half> h = q2.DeQue<half>();
  // expected-error@+1 {{use DataCopyPad}}
  DataCopy(zGm[8], h, 3);
  q2.FreeTensor(h);
}

// -----
// A parameter hides the file's constant of the same name: no claim.
#include "kernel_operator.h"
using namespace AscendC;
constexpr int32_t LEN = 3;
__aicore__ inline void copyIn(LocalTensor<float> &t, GlobalTensor<float> &g, int32_t LEN) {
  DataCopy(t, g, LEN);
}
extern "C" __global__ __aicore__ void k(GM_ADDR x) {}
