// L1 -> L0A/L0B copies (LoadData with LoadData2DParams, and
// LoadDataWithTranspose), in kiln's model of the documented AscendC API.
//
// Both move whole 512-byte fractals (16 x 16 half, 16 x 8 float).
// LoadData: repeat i reads fractal startIndex + i*srcStride of the source
// and writes fractal i*(dstGap + 1) of the destination; ifTranspose
// transposes each 16 x 16 fractal and exists for 16-bit types only.
//
// LoadDataWithTranspose (LoadData2dTransposeParams{startIndex, repeatTimes,
// srcStride, dstGap, dstFracGap, addrMode}), from the asc-devkit page's
// description (its figures are not text): each repeat transposes one
// square of the source, starting at square startIndex + i*srcStride.
// For half/bf16 a square is one 16 x 16 fractal. For float/int32/uint32 a
// square is two consecutive 16 x 8 fractals read side by side as 16 x 16
// (the first is columns 0-7); its transpose is split again into two
// 16 x 8 fractals (columns 0-7 first). The repeat's first fractal goes to
// fractal i*(dstGap + 1), its second dstFracGap fractals after the first's
// end. That split and orientation are DERIVED from the text, not read.
// int8/int4 forms are not modelled.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/number_types.h"
#include "kiln_ascend_model/tensors.h"

namespace AscendC {

struct LoadData2DParams {
  uint16_t startIndex = 0;
  uint8_t repeatTimes = 0;
  uint16_t srcStride = 0;  // fractals
  uint8_t sid = 0;
  uint16_t dstGap = 0;  // fractals between the end of one and the start of the next
  bool ifTranspose = false;
  uint8_t addrMode = 0;
  LoadData2DParams() = default;
  LoadData2DParams(uint16_t start, uint8_t repeat, uint16_t stride, uint8_t sidIn, uint16_t gap, bool transpose,
                   uint8_t mode)
      : startIndex(start), repeatTimes(repeat), srcStride(stride), sid(sidIn), dstGap(gap), ifTranspose(transpose),
        addrMode(mode) {}
};

struct LoadData2dTransposeParams {
  uint16_t startIndex = 0;
  uint8_t repeatTimes = 0;
  uint16_t srcStride = 0;  // squares
  uint16_t dstGap = 0;     // fractals
  uint16_t dstFracGap = 0;
  uint8_t addrMode = 0;
  LoadData2dTransposeParams() = default;
  LoadData2dTransposeParams(uint16_t start, uint8_t repeat, uint16_t stride, uint16_t gap, uint16_t fracGap,
                            uint8_t mode = 0)
      : startIndex(start), repeatTimes(repeat), srcStride(stride), dstGap(gap), dstFracGap(fracGap), addrMode(mode) {}
};

}  // namespace AscendC

namespace kiln_ascend_model {

inline constexpr uint64_t kFractalBytes = 512;

template <typename T>
void checkL1ToL0(const std::string &op, const AscendC::LocalTensor<T> &dst, const AscendC::LocalTensor<T> &src,
                 uint64_t dstElems, uint64_t srcElems, uint8_t addrMode) {
  checkSpace(dst, op, "dst", Space::L0A, Space::L0B);
  checkSpace(src, op, "src", Space::L1);
  KILN_MODEL_CHECK(addrMode == 0, "model.not-modelled", op,
                   op + " with addrMode " + std::to_string(addrMode) + ": the model implements addrMode 0 only");
  checkLocal(dst, op, "dst", dstElems);
  checkLocal(src, op, "src", srcElems);
}

}  // namespace kiln_ascend_model

namespace AscendC {

template <typename T> void LoadData(const LocalTensor<T> &dst, const LocalTensor<T> &src, const LoadData2DParams &p) {
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("LoadData");
  KILN_MODEL_CHECK(!p.ifTranspose || sizeof(T) == 2, "model.bad-param", op,
                   op + " with ifTranspose: the 2D transpose works for 16-bit types only (use LoadDataWithTranspose)");
  if (p.repeatTimes == 0) return;
  const uint64_t f = m::kFractalBytes / sizeof(T);
  const uint64_t n = p.repeatTimes;
  m::checkL1ToL0(op, dst, src, ((n - 1) * (p.dstGap + 1u) + 1) * f, (p.startIndex + (n - 1) * p.srcStride + 1) * f,
                 p.addrMode);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t from = (p.startIndex + i * p.srcStride) * f, to = i * (p.dstGap + 1u) * f;
    for (uint64_t e = 0; e < f; ++e) {
      uint64_t s = p.ifTranspose && sizeof(T) == 2 ? (e % 16) * 16 + e / 16 : e;  // dst (r, c) <- src (c, r)
      dst.put(to + e, src.at(from + s));
    }
  }
}

template <typename T>
void LoadDataWithTranspose(const LocalTensor<T> &dst, const LocalTensor<T> &src, const LoadData2dTransposeParams &p) {
  namespace m = kiln_ascend_model;
  static_assert(m::isOneOf<T, half, bfloat16_t, float, int32_t, uint32_t>,
                "kiln AscendC model: LoadDataWithTranspose is modelled for half, bfloat16_t, float, int32_t, uint32_t");
  std::string op = m::opName<T>("LoadDataWithTranspose");
  if (p.repeatTimes == 0) return;
  const uint64_t f = m::kFractalBytes / sizeof(T);  // elements per fractal
  const uint64_t perSquare = sizeof(T) == 2 ? 1 : 2;  // fractals per square
  const uint64_t n = p.repeatTimes;
  uint64_t lastFirst = (n - 1) * (p.dstGap + 1u);
  uint64_t dstEnd = (perSquare == 1 ? lastFirst + 1 : lastFirst + 1 + p.dstFracGap + 1) * f;
  m::checkL1ToL0(op, dst, src, dstEnd, (p.startIndex + (n - 1) * p.srcStride + 1) * perSquare * f, p.addrMode);
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t from = (p.startIndex + i * p.srcStride) * perSquare * f;
    uint64_t first = i * (p.dstGap + 1u) * f;
    if (perSquare == 1) {
      for (uint64_t e = 0; e < f; ++e) dst.put(first + e, src.at(from + (e % 16) * 16 + e / 16));
      continue;
    }
    // S (16 x 16) = [F0 | F1], F0 and F1 16 x 8 row-major; T = S^T split as
    // [T0 | T1]. T0(r, c) = S(c, r) for c < 8; T1(r, c) = S(c + 8, r).
    auto s = [&](uint64_t r, uint64_t c) { return src.at(from + (c / 8) * f + r * 8 + c % 8); };
    uint64_t second = first + (1 + p.dstFracGap) * f;
    for (uint64_t r = 0; r < 16; ++r)
      for (uint64_t c = 0; c < 8; ++c) {
        dst.put(first + r * 8 + c, s(c, r));
        dst.put(second + r * 8 + c, s(c + 8, r));
      }
  }
}

}  // namespace AscendC
