// Mmad, the cube unit's C = A·B (or C += A·B), in kiln's model of the
// documented AscendC API.
//
// Layouts (notes: A in L0A is Zz, B in L0B is Zn, C in L0C is Nz; the
// capital is the order of the fractals, the small letter the order inside
// one; Z row-major, N column-major). With k0 = 32 / sizeof(T) (16 half,
// 8 float), M1 = ceil(m/16), K1 = ceil(k/k0), N1 = ceil(n/16), the model
// reads and writes (DERIVED from those names and the fractal sizes):
//   A(r, kk) at ((r/16)*K1 + kk/k0) * 16*k0 + (r%16)*k0 + kk%k0
//   B(kk, c) at ((kk/k0)*N1 + c/16) * 16*k0 + (c%16)*k0 + kk%k0
//            (a B fractal is its k0 x 16 block stored transposed)
//   C(r, c)  at ((c/16)*M1 + r/16) * 256 + (r%16)*16 + c%16
//            (an L0C fractal is always 16 x 16)
// cmatrixInitVal = true (the default) gives C = A·B, false C += A·B. The
// sum runs over kk < k in order, in float; only C(r, c) with r < m and
// c < n is written. m, n, k are at most 4095 and 0 is a no-op. dtypes:
// half x half, bf16 x bf16 and float x float into float (int8 is not
// modelled; 310P has no float x float). m == 1 switches the hardware to
// GEMV mode, which the model does not implement: it stops instead of
// computing something else. cmatrixSource (C from the bias table) and
// kDirectionAlign are not modelled either and stop; unitFlag only
// concerns the pipelining of Mmad and Fixpipe and changes no result.
// The notes (from catlass) ask for PipeBarrier<PIPE_M> between
// accumulating Mmads when (m/16)*(n/16) < 10, because the cube would read
// C before the previous Mmad has written it: an accumulating Mmad of that
// size whose C overlaps the last Mmad's, with no PIPE_M or PIPE_ALL
// barrier since, stops with [model.mmad-barrier].
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/number_types.h"
#include "kiln_ascend_model/tensors.h"

namespace AscendC {

struct MmadParams {
  uint16_t m = 0, n = 0, k = 0;
  uint8_t unitFlag = 0;
  bool kDirectionAlign = false;
  bool cmatrixSource = false;
  bool cmatrixInitVal = true;
  MmadParams() = default;
  MmadParams(uint16_t mIn, uint16_t nIn, uint16_t kIn, uint8_t unit = 0, bool kAlign = false, bool cSource = false,
             bool cInit = true)
      : m(mIn), n(nIn), k(kIn), unitFlag(unit), kDirectionAlign(kAlign), cmatrixSource(cSource), cmatrixInitVal(cInit) {}
};

template <typename C, typename T>
void Mmad(const LocalTensor<C> &c, const LocalTensor<T> &a, const LocalTensor<T> &b, const MmadParams &p) {
  namespace km = kiln_ascend_model;
  static_assert(std::is_same<C, float>::value && km::isOneOf<T, half, bfloat16_t, float>,
                "kiln AscendC model: Mmad is modelled for half/bfloat16_t/float inputs into float");
  std::string op = std::string("Mmad<") + km::typeName<T>() + ">";
  km::checkSpace(c, op, "c", km::Space::L0C);
  km::checkSpace(a, op, "a", km::Space::L0A);
  km::checkSpace(b, op, "b", km::Space::L0B);
  KILN_MODEL_CHECK(p.m <= 4095 && p.n <= 4095 && p.k <= 4095, "model.bad-param", op,
                   op + " with m, n, k = " + std::to_string(p.m) + ", " + std::to_string(p.n) + ", " +
                       std::to_string(p.k) + ": each is at most 4095");
  KILN_MODEL_CHECK(!(std::is_same<T, float>::value && km::state().config.npuArch == 2002), "model.not-on-soc", op,
                   op + ": 310P's cube has no float x float");
  if (p.m == 0 || p.n == 0 || p.k == 0) return;
  KILN_MODEL_CHECK(p.m != 1, "model.not-modelled", op,
                   op + " with m = 1 switches the cube to GEMV mode (L0A read as one contiguous vector), which kiln's "
                        "model does not implement: pad m to 16");
  KILN_MODEL_CHECK(!p.cmatrixSource, "model.not-modelled", op,
                   op + " with cmatrixSource (C from the bias table): not implemented by kiln's model");
  KILN_MODEL_CHECK(!p.kDirectionAlign, "model.not-modelled", op,
                   op + " with kDirectionAlign: not implemented by kiln's model");
  const uint64_t k0 = 32 / sizeof(T), m1 = (p.m + 15) / 16, k1 = (p.k + k0 - 1) / k0, n1 = (p.n + 15) / 16;
  km::checkLocal(a, op, "a", m1 * k1 * 16 * k0);
  km::checkLocal(b, op, "b", k1 * n1 * 16 * k0);
  km::checkLocal(c, op, "c", n1 * m1 * 256);
  km::ModelState &st = km::state();
  uint64_t cBegin = c.byteOffset_, cEnd = c.byteOffset_ + n1 * m1 * 256 * sizeof(float);
  bool overlaps = cBegin < st.lastMmadEnd && st.lastMmadBegin < cEnd;
  KILN_MODEL_CHECK(p.cmatrixInitVal || m1 * n1 >= 10 || st.mBarrierSinceMmad || !overlaps, "model.mmad-barrier", op,
                   op + " accumulating into the C of the previous Mmad with (m/16)*(n/16) = " + std::to_string(m1 * n1) +
                       " < 10 and no PipeBarrier<PIPE_M> between them: the cube would read C before it is written");
  st.lastMmadBegin = cBegin;
  st.lastMmadEnd = cEnd;
  st.mBarrierSinceMmad = false;
  auto aAt = [&](uint64_t r, uint64_t kk) { return ((r / 16) * k1 + kk / k0) * 16 * k0 + (r % 16) * k0 + kk % k0; };
  auto bAt = [&](uint64_t kk, uint64_t col) { return ((kk / k0) * n1 + col / 16) * 16 * k0 + (col % 16) * k0 + kk % k0; };
  auto cAt = [&](uint64_t r, uint64_t col) { return ((col / 16) * m1 + r / 16) * 256 + (r % 16) * 16 + col % 16; };
  for (uint64_t r = 0; r < p.m; ++r)
    for (uint64_t col = 0; col < p.n; ++col) {
      float acc = p.cmatrixInitVal ? 0.0f : c.at(cAt(r, col));
      for (uint64_t kk = 0; kk < p.k; ++kk)
        acc += static_cast<float>(a.at(aAt(r, kk))) * static_cast<float>(b.at(bAt(kk, col)));
      c.put(cAt(r, col), acc);
    }
}

}  // namespace AscendC
