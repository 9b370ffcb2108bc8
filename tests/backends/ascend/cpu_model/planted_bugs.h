// Small kernels with one planted discipline bug each, shared by the
// discipline test (checks on: each run stops with the rule's code) and
// the unchecked test (compiled with -DKILN_ASCEND_MODEL_UNCHECKED: the same
// runs end "ok", the bug unnoticed).
#pragma once

#include <vector>

#include "kernel_operator.h"

namespace kiln_planted {

using namespace AscendC;

// DeQue on a queue nothing was enqueued to.
inline void dequeEmpty() {
  TPipe pipe;
  TQue<QuePosition::VECIN, 1> q;
  pipe.InitBuffer(q, 2, 256);
  LocalTensor<float> t = q.DeQue<float>();
  Duplicate(t, 1.0f, 64);
}

// Two EnQues in a row on a depth-1 queue.
inline void enqueFull() {
  TPipe pipe;
  TQue<QuePosition::VECOUT, 1> q;
  pipe.InitBuffer(q, 2, 256);
  LocalTensor<float> a = q.AllocTensor<float>();
  LocalTensor<float> b = q.AllocTensor<float>();
  q.EnQue(a);
  q.EnQue(b);
}

// A third live tensor from a queue of two buffers.
inline void allocExhausted() {
  TPipe pipe;
  TQue<QuePosition::VECIN, 2> q;
  pipe.InitBuffer(q, 2, 256);
  LocalTensor<half> a = q.AllocTensor<half>();
  LocalTensor<half> b = q.AllocTensor<half>();
  Duplicate(a, half(1.0f), 128);
  Duplicate(b, half(1.0f), 128);
  LocalTensor<half> c = q.AllocTensor<half>();
  Duplicate(c, half(1.0f), 128);
}

// Reads a tensor after FreeTensor gave its buffer back.
inline void useAfterFree(std::vector<float> &out) {
  TPipe pipe;
  TQue<QuePosition::VECOUT, 1> q;
  pipe.InitBuffer(q, 1, 256);
  GlobalTensor<float> gm;
  gm.SetGlobalBuffer(out.data(), out.size());
  LocalTensor<float> t = q.AllocTensor<float>();
  Duplicate(t, 2.0f, 64);
  q.FreeTensor(t);
  DataCopy(gm, t, 64);
}

// An Add whose source starts 12 bytes into a UB buffer.
inline void misalignedStart() {
  TPipe pipe;
  TBuf<TPosition::VECCALC> buf;
  pipe.InitBuffer(buf, 1024);
  LocalTensor<float> t = buf.Get<float>();
  Duplicate(t, 1.0f, 256);
  Add(t[64], t[3], t[128], 32);
}

}  // namespace kiln_planted
