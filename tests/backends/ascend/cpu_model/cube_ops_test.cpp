// The cube-path ops of kiln's model of the documented AscendC API one at a
// time: the Nz offset of Nd2Nz, LoadData's fractal stepping and transpose,
// LoadDataWithTranspose for float, Mmad's init versus accumulate, and
// Fixpipe's NZ to ND conversion.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "model_test_support.h"

using namespace AscendC;
using kiln_model_test::runOneBlock;

namespace {

// A 20 x 20 half matrix into L1 as Nz with Mp = 32: (r, c) at
// (c/16)*32*16 + r*16 + c%16; columns 20..31 zero-filled; rows 20..31 (the
// OPEN padding rows) untouched, here still the 0xff fill.
TEST(ModelCubeOps, Nd2NzPlacesEachElementAtItsNzOffset) {
  kiln_ascend_model::DeviceConfig cfg = kiln_model_test::ascend910b();
  cfg.fill = 0xff;
  std::vector<half> m(20 * 20);
  for (int i = 0; i < 400; ++i) m[i] = half(static_cast<float>(i));
  runOneBlock(
      [&] {
        TPipe pipe;
        TBuf<TPosition::A1> l1;
        pipe.InitBuffer(l1, 32 * 32 * sizeof(half));
        LocalTensor<half> t = l1.Get<half>();
        GlobalTensor<half> gm;
        gm.SetGlobalBuffer(m.data(), 400);
        DataCopy(t, gm, Nd2NzParams(1, 20, 20, 0, 20, 32, 1, 0));
        for (int r = 0; r < 32; ++r)
          for (int c = 0; c < 32; ++c) {
            half v = t.GetValue((c / 16) * 32 * 16 + r * 16 + c % 16);
            if (r < 20 && c < 20) EXPECT_EQ(static_cast<float>(v), r * 20.0f + c) << r << "," << c;
            else if (r < 20) EXPECT_EQ(v.bits, 0) << "column " << c << " is not zero-filled";
            else EXPECT_EQ(v.bits, 0xffff) << "padding row " << r << " was written";
          }
      },
      cfg);
}

TEST(ModelCubeOps, LoadDataStepsWholeFractalsAndTransposesHalf) {
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::A1> l1;
    TBuf<TPosition::A2> l0a;
    pipe.InitBuffer(l1, 4 * 512);
    pipe.InitBuffer(l0a, 4 * 512);
    LocalTensor<half> src = l1.Get<half>(), dst = l0a.Get<half>();
    for (int i = 0; i < 4 * 256; ++i) src.SetValue(i, half(static_cast<float>(i % 2048)));
    for (int i = 0; i < 4 * 256; ++i) dst.SetValue(i, half(-1.0f));
    // Fractals 1 and 3 into destination fractals 0 and 2.
    LoadData(dst, src, LoadData2DParams(1, 2, 2, 0, 1, false, 0));
    for (int e = 0; e < 256; ++e) {
      EXPECT_EQ(static_cast<float>(dst.GetValue(e)), 256.0f + e);
      EXPECT_EQ(static_cast<float>(dst.GetValue(256 + e)), -1.0f);
      EXPECT_EQ(static_cast<float>(dst.GetValue(512 + e)), 768.0f + e);
    }
    LoadData(dst, src, LoadData2DParams(0, 1, 0, 0, 0, true, 0));
    for (int r = 0; r < 16; ++r)
      for (int c = 0; c < 16; ++c) EXPECT_EQ(static_cast<float>(dst.GetValue(r * 16 + c)), c * 16.0f + r);
  });
}

// One float square: fractals F0 (columns 0-7) and F1 (columns 8-15) of a
// 16 x 16 block S; the transpose goes out as S^T's columns 0-7, then, two
// fractals further (dstFracGap 1), its columns 8-15.
TEST(ModelCubeOps, LoadDataWithTransposeTransposesFloatSquares) {
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::B1> l1;
    TBuf<TPosition::B2> l0b;
    pipe.InitBuffer(l1, 2 * 512);
    pipe.InitBuffer(l0b, 4 * 512);
    LocalTensor<float> src = l1.Get<float>(), dst = l0b.Get<float>();
    auto s = [](int r, int c) { return r * 100.0f + c; };
    for (int r = 0; r < 16; ++r)
      for (int c = 0; c < 16; ++c) src.SetValue((c / 8) * 128 + r * 8 + c % 8, s(r, c));
    for (int i = 0; i < 512; ++i) dst.SetValue(i, -1.0f);
    LoadDataWithTranspose(dst, src, LoadData2dTransposeParams(0, 1, 1, 0, 1));
    for (int r = 0; r < 16; ++r)
      for (int c = 0; c < 8; ++c) {
        EXPECT_EQ(dst.GetValue(r * 8 + c), s(c, r));
        EXPECT_EQ(dst.GetValue(256 + r * 8 + c), s(c + 8, r));
        EXPECT_EQ(dst.GetValue(128 + r * 8 + c), -1.0f);  // the gap
      }
  });
}

// A (32 x 16 half) in L0A as Zz and B (16 x 32 half) in L0B as Zn, set
// element by element at the documented layouts; C read back from Nz.
TEST(ModelCubeOps, MmadInitialisesOrAccumulatesC) {
  const int M = 32, K = 16, N = 32;
  std::vector<float> a = kiln_model_test::randomFloats(M * K, 31, -1, 1), b = kiln_model_test::randomFloats(K * N, 32, -1, 1);
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::A2> l0a;
    TBuf<TPosition::B2> l0b;
    TBuf<TPosition::CO1> l0c;
    pipe.InitBuffer(l0a, M * K * 2);
    pipe.InitBuffer(l0b, K * N * 2);
    pipe.InitBuffer(l0c, M * N * 4);
    LocalTensor<half> ta = l0a.Get<half>(), tb = l0b.Get<half>();
    LocalTensor<float> tc = l0c.Get<float>();
    for (int r = 0; r < M; ++r)
      for (int k = 0; k < K; ++k) ta.SetValue((r / 16) * 256 + (r % 16) * 16 + k, half(a[r * K + k]));  // K1 = 1
    for (int k = 0; k < K; ++k)
      for (int c = 0; c < N; ++c) tb.SetValue((c / 16) * 256 + (c % 16) * 16 + k, half(b[k * N + c]));  // N1 = 2
    for (int i = 0; i < M * N; ++i) tc.SetValue(i, 1000.0f);
    auto ab = [&](int r, int c) {
      float acc = 0;
      for (int k = 0; k < K; ++k) acc += float(half(a[r * K + k])) * float(half(b[k * N + c]));
      return acc;
    };
    auto cAt = [&](int r, int c) { return (c / 16) * (M / 16) * 256 + (r % 16) * 16 + (r / 16) * 256 + c % 16; };
    Mmad(tc, ta, tb, MmadParams(M, N, K));  // cmatrixInitVal defaults to true: C = A*B
    for (int r = 0; r < M; ++r)
      for (int c = 0; c < N; ++c) EXPECT_NEAR(tc.GetValue(cAt(r, c)), ab(r, c), 1e-5) << r << "," << c;
    MmadParams acc(M, N, K);
    acc.cmatrixInitVal = false;  // C += A*B
    PipeBarrier<PIPE_M>();       // (32/16)*(32/16) < 10: the notes' barrier
    Mmad(tc, ta, tb, acc);
    for (int r = 0; r < M; ++r)
      for (int c = 0; c < N; ++c) EXPECT_NEAR(tc.GetValue(cAt(r, c)), 2 * ab(r, c), 2e-5) << r << "," << c;
  });
}

// L0C Nz (srcStride 32 rows per 16-column block) to a 20 x 24 ND window
// of a GM matrix with rows of 30.
TEST(ModelCubeOps, FixpipeConvertsNzToNdRowMajor) {
  std::vector<float> out(20 * 30, -5.0f);
  std::vector<half> outH(20 * 30, half(-5.0f));
  runOneBlock([&] {
    TPipe pipe;
    TBuf<TPosition::CO1> l0c;
    pipe.InitBuffer(l0c, 32 * 32 * 4);
    LocalTensor<float> c = l0c.Get<float>();
    for (int r = 0; r < 32; ++r)
      for (int col = 0; col < 32; ++col) c.SetValue((col / 16) * 32 * 16 + r * 16 + col % 16, r * 100.0f - col - 0.3f);
    GlobalTensor<float> gm;
    gm.SetGlobalBuffer(out.data(), out.size());
    Fixpipe(gm, c, FixpipeParamsV220(24, 20, 32, 30, false));
    GlobalTensor<half> gmH;
    gmH.SetGlobalBuffer(outH.data(), outH.size());
    Fixpipe(gmH, c, FixpipeParamsV220(24, 20, 32, 30, true, QuantMode_t::F322F16));
  });
  for (int r = 0; r < 20; ++r)
    for (int col = 0; col < 30; ++col) {
      float want = r * 100.0f - col - 0.3f;
      if (col < 24) {
        EXPECT_EQ(out[r * 30 + col], want) << r << "," << col;
        EXPECT_EQ(outH[r * 30 + col].bits, half(want < 0 ? 0.0f : want).bits) << r << "," << col;  // relu, then half
      } else {
        EXPECT_EQ(out[r * 30 + col], -5.0f);
      }
    }
}

TEST(ModelCubeOps, UndocumentedOrUnmodelledCubeUsesStop) {
  kiln_ascend_model::RunResult r = kiln_model_test::runExpectingStop([] {
    TPipe pipe;
    TBuf<TPosition::A2> l0a;
    TBuf<TPosition::B2> l0b;
    TBuf<TPosition::CO1> l0c;
    pipe.InitBuffer(l0a, 4096);
    pipe.InitBuffer(l0b, 4096);
    pipe.InitBuffer(l0c, 4096);
    Mmad(l0c.Get<float>(), l0a.Get<half>(), l0b.Get<half>(), MmadParams(1, 16, 16));
  });
  EXPECT_EQ(r.rule, "model.not-modelled");
  EXPECT_NE(r.message.find("GEMV"), std::string::npos) << r.message;
  r = kiln_model_test::runExpectingStop([] {
    TPipe pipe;
    TBuf<TPosition::A1> l1;
    TBuf<TPosition::A2> l0a;
    pipe.InitBuffer(l1, 4096);
    pipe.InitBuffer(l0a, 4096);
    LoadData(l0a.Get<half>()[16], l1.Get<half>(), LoadData2DParams(0, 1, 0, 0, 0, false, 0));
  });
  EXPECT_EQ(r.rule, "model.misaligned");
  EXPECT_NE(r.message.find("starts at byte 32 of L0A, not 512-byte aligned"), std::string::npos) << r.message;
  kiln_ascend_model::DeviceConfig p310 = kiln_model_test::ascend910b();
  p310.npuArch = 2002;
  std::vector<float> out(256);
  r = kiln_model_test::runExpectingStop(
      [&] {
        TPipe pipe;
        TBuf<TPosition::CO1> l0c;
        pipe.InitBuffer(l0c, 1024);
        GlobalTensor<float> gm;
        gm.SetGlobalBuffer(out.data(), 256);
        Fixpipe(gm, l0c.Get<float>(), FixpipeParamsV220(16, 16, 16, 16, false));
      },
      p310);
  EXPECT_EQ(r.rule, "model.not-on-soc");
  EXPECT_EQ(r.op, "Fixpipe<float, float>");
}

}  // namespace
