// A cube GEMM kernel written in the style of the AscendC docs, to show how
// kiln's model of the documented AscendC API expects the cube path to be
// driven (and for the emitter's engineer to read): per output tile of
// mTile x nTile, loop over K in kTile slices:
//   GM --DataCopy(Nd2NzParams)--> L1 (A1, B1)          MTE2
//   L1 --LoadData / LoadDataWithTranspose--> L0A, L0B   MTE1
//   Mmad into L0C, cmatrixInitVal on the first slice    M
// then L0C --Fixpipe(FixpipeParamsV220)--> GM as ND     FIX
// with a SetFlag/WaitFlag pair for every hand-over between those pipes,
// the reverse events before a buffer is refilled, and PipeBarrier<PIPE_M>
// between small accumulating Mmads.
//
// Layout arithmetic (k0 = 32 / sizeof(T): 16 for half, 8 for float):
// - A tile in L1 is Nz with Mp = mTile rows (dstNzC0Stride = mTile);
//   fractal (i, j) of 16 rows x k0 columns sits at j*M1 + i. LoadData of
//   16-row group i: startIndex i, srcStride M1, repeatTimes K1, into L0A
//   fractal i*K1 (Zz).
// - half B tile in L1 is Nz with kTile rows; fractal (j, l) at l*K1 + j;
//   LoadData with ifTranspose per 16-row group j: startIndex j, srcStride
//   K1, repeatTimes N1, into L0B fractal j*N1 (Zn).
// - float B cannot use ifTranspose (16-bit only). Its kTile rows go to L1
//   as kTile/16 separate 16-row Nz matrices (ndNum), so that each 16 x 16
//   square is two consecutive 16 x 8 fractals; LoadDataWithTranspose of
//   group g: startIndex g*N1, srcStride 1, repeatTimes N1, dstGap 0,
//   dstFracGap N1 - 1, into L0B fractal 2g*N1: the square's halves land
//   on k-blocks 2g and 2g+1.
// - Fixpipe: srcStride mTile (the L0C column-block stride, in rows of 16
//   elements), dstStride N (the ND row length of C).
// Every size must be a multiple of 16.
#pragma once

#include <cstdint>

#include "kernel_operator.h"

namespace kiln_gemm_sample {

using namespace AscendC;

struct GemmShape {
  uint32_t M, K, N;              // C[M x N] = A[M x K] * B[K x N], all ND row-major in GM
  uint32_t mTile, kTile, nTile;  // one block computes one mTile x nTile tile of C
};

// T: the input dtype (half or float); O: the GM output dtype (float, or
// half through quantPre F322F16).
template <typename T, typename O> class KernelGemm {
 public:
  __aicore__ inline void Init(GM_ADDR a, GM_ADDR b, GM_ADDR c, const GemmShape &s) {
    s_ = s;
    uint32_t tilesN = s.N / s.nTile;
    bm_ = GetBlockIdx() / tilesN;
    bn_ = GetBlockIdx() % tilesN;
    aGm.SetGlobalBuffer((__gm__ T *)a, s.M * s.K);
    bGm.SetGlobalBuffer((__gm__ T *)b, s.K * s.N);
    cGm.SetGlobalBuffer((__gm__ O *)c, s.M * s.N);
    pipe.InitBuffer(a1, s.mTile * s.kTile * sizeof(T));
    pipe.InitBuffer(b1, s.kTile * s.nTile * sizeof(T));
    pipe.InitBuffer(a2, s.mTile * s.kTile * sizeof(T));
    pipe.InitBuffer(b2, s.kTile * s.nTile * sizeof(T));
    pipe.InitBuffer(c1, s.mTile * s.nTile * sizeof(float));
  }

  __aicore__ inline void Process() {
    const uint32_t kSlices = s_.K / s_.kTile;
    LocalTensor<T> aL1 = a1.Get<T>(), bL1 = b1.Get<T>(), aL0 = a2.Get<T>(), bL0 = b2.Get<T>();
    LocalTensor<float> cL0 = c1.Get<float>();
    for (uint32_t kt = 0; kt < kSlices; ++kt) {
      if (kt > 0) WaitFlag<HardEvent::MTE1_MTE2>(0);  // L1 read by the last LoadData
      CopyInSlice(aL1, bL1, kt);
      SetFlag<HardEvent::MTE2_MTE1>(0);
      WaitFlag<HardEvent::MTE2_MTE1>(0);
      if (kt > 0) WaitFlag<HardEvent::M_MTE1>(0);  // L0A/L0B read by the last Mmad
      SplitA(aL0, aL1);
      SplitB(bL0, bL1);
      SetFlag<HardEvent::MTE1_MTE2>(0);
      SetFlag<HardEvent::MTE1_M>(0);
      WaitFlag<HardEvent::MTE1_M>(0);
      MmadParams mm;
      mm.m = s_.mTile;
      mm.n = s_.nTile;
      mm.k = s_.kTile;
      mm.cmatrixInitVal = kt == 0;  // C = A*B on the first slice, C += A*B after
      // Small accumulating Mmads ((m/16)*(n/16) < 10) need the M pipe
      // drained first, or the cube reads C before the last Mmad wrote it.
      if (kt > 0 && (s_.mTile / 16) * (s_.nTile / 16) < 10) PipeBarrier<PIPE_M>();
      Mmad(cL0, aL0, bL0, mm);
      SetFlag<HardEvent::M_MTE1>(0);
    }
    WaitFlag<HardEvent::MTE1_MTE2>(0);
    WaitFlag<HardEvent::M_MTE1>(0);
    SetFlag<HardEvent::M_FIX>(0);
    WaitFlag<HardEvent::M_FIX>(0);
    FixpipeParamsV220 fp(s_.nTile, s_.mTile, s_.mTile, s_.N, false);
    fp.quantPre = std::is_same<O, half>::value ? QuantMode_t::F322F16 : QuantMode_t::NoQuant;
    Fixpipe(cGm[bm_ * s_.mTile * s_.N + bn_ * s_.nTile], cL0, fp);
    PipeBarrier<PIPE_ALL>();
  }

 private:
  static constexpr uint32_t k0 = 32 / sizeof(T);

  __aicore__ inline void CopyInSlice(const LocalTensor<T> &aL1, const LocalTensor<T> &bL1, uint32_t kt) {
    Nd2NzParams pa(1, s_.mTile, s_.kTile, 0, s_.K, s_.mTile, 1, 0);
    DataCopy(aL1, aGm[bm_ * s_.mTile * s_.K + kt * s_.kTile], pa);
    if (sizeof(T) == 2) {
      Nd2NzParams pb(1, s_.kTile, s_.nTile, 0, s_.N, s_.kTile, 1, 0);
      DataCopy(bL1, bGm[kt * s_.kTile * s_.N + bn_ * s_.nTile], pb);
    } else {
      Nd2NzParams pb(s_.kTile / 16, 16, s_.nTile, 16 * s_.N, s_.N, 16, 1, 16 * s_.nTile);
      DataCopy(bL1, bGm[kt * s_.kTile * s_.N + bn_ * s_.nTile], pb);
    }
  }

  __aicore__ inline void SplitA(const LocalTensor<T> &aL0, const LocalTensor<T> &aL1) {
    const uint32_t m1 = s_.mTile / 16, k1 = s_.kTile / k0;
    for (uint32_t i = 0; i < m1; ++i)
      LoadData(aL0[i * k1 * 16 * k0], aL1, LoadData2DParams(i, k1, m1, 0, 0, false, 0));
  }

  __aicore__ inline void SplitB(const LocalTensor<T> &bL0, const LocalTensor<T> &bL1) {
    const uint32_t n1 = s_.nTile / 16;
    if (sizeof(T) == 2) {
      const uint32_t k1 = s_.kTile / 16;
      for (uint32_t j = 0; j < k1; ++j)
        LoadData(bL0[j * n1 * 256], bL1, LoadData2DParams(j, n1, k1, 0, 0, true, 0));
    } else {
      for (uint32_t g = 0; g < s_.kTile / 16; ++g)
        LoadDataWithTranspose(bL0[2 * g * n1 * 16 * k0], bL1, LoadData2dTransposeParams(g * n1, n1, 1, 0, n1 - 1));
    }
  }

  TPipe pipe;
  TBuf<TPosition::A1> a1;
  TBuf<TPosition::B1> b1;
  TBuf<TPosition::A2> a2;
  TBuf<TPosition::B2> b2;
  TBuf<TPosition::CO1> c1;
  GlobalTensor<T> aGm, bGm;
  GlobalTensor<O> cGm;
  GemmShape s_{};
  uint32_t bm_ = 0, bn_ = 0;
};

template <typename T, typename O> void gemm(GM_ADDR a, GM_ADDR b, GM_ADDR c, const GemmShape &s) {
  KernelGemm<T, O> op;
  op.Init(a, b, c, s);
  op.Process();
}

}  // namespace kiln_gemm_sample
