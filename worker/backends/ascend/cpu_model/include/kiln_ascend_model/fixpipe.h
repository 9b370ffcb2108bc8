// Fixpipe, L0C -> GM, in kiln's model of the documented AscendC API.
//
// With CFG_ROW_MAJOR (the default) it converts the NZ result in L0C to ND
// row-major in GM: for r < mSize and c < nSize,
//   dst[r*dstStride + c] = quant(relu(src[(c/16)*srcStride*16 + r*16 + c%16]))
// where srcStride is the distance between 16-column blocks in units of 16
// elements (one L0C row; normally mSize rounded up to 16) and dstStride is
// the ND row length in elements. quantPre F322F16 / F322BF16 narrow the
// float result (round to nearest even); NoQuant keeps float. Whether
// nSize must be a multiple of 16 is OPEN in the notes; the model takes
// any nSize. Fixpipe does not exist on 310P (npuArch 2002): it stops.
#pragma once

#include <cstdint>
#include <string>

#include "kiln_ascend_model/device_state.h"
#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/number_types.h"
#include "kiln_ascend_model/tensors.h"

namespace AscendC {

// Unscoped, so both QuantMode_t::F322F16 and F322F16 read as in AscendC.
enum QuantMode_t { NoQuant, F322F16, F322BF16 };

enum class CO2Layout { NZ, ROW_MAJOR, COLUMN_MAJOR };
struct FixpipeConfig {
  CO2Layout format;
};
inline constexpr FixpipeConfig CFG_NZ = {CO2Layout::NZ};
inline constexpr FixpipeConfig CFG_ROW_MAJOR = {CO2Layout::ROW_MAJOR};

struct FixpipeParamsV220 {
  uint16_t nSize = 0;
  uint16_t mSize = 0;
  uint16_t srcStride = 0;  // units of 16 elements
  uint32_t dstStride = 0;  // elements per ND row
  bool reluEn = false;
  QuantMode_t quantPre = NoQuant;
  FixpipeParamsV220() = default;
  FixpipeParamsV220(uint16_t n, uint16_t m, uint16_t src, uint32_t dst, bool relu, QuantMode_t quant = NoQuant)
      : nSize(n), mSize(m), srcStride(src), dstStride(dst), reluEn(relu), quantPre(quant) {}
};

template <typename T, typename U, const FixpipeConfig &config = CFG_ROW_MAJOR>
void Fixpipe(const GlobalTensor<T> &dst, const LocalTensor<U> &src, const FixpipeParamsV220 &p) {
  namespace km = kiln_ascend_model;
  static_assert(std::is_same<U, float>::value && km::isOneOf<T, float, half, bfloat16_t>,
                "kiln AscendC model: Fixpipe is modelled from float L0C to float/half/bfloat16_t GM");
  std::string op = std::string("Fixpipe<") + km::typeName<T>() + ", " + km::typeName<U>() + ">";
  KILN_MODEL_CHECK(km::state().config.npuArch != 2002, "model.not-on-soc", op, op + ": 310P has no Fixpipe");
  KILN_MODEL_CHECK(config.format == CO2Layout::ROW_MAJOR, "model.not-modelled", op,
                   op + ": kiln's model implements the CFG_ROW_MAJOR (NZ to ND) form only");
  bool quantOk = (p.quantPre == NoQuant && std::is_same<T, float>::value) ||
                 (p.quantPre == F322F16 && std::is_same<T, half>::value) ||
                 (p.quantPre == F322BF16 && std::is_same<T, bfloat16_t>::value);
  KILN_MODEL_CHECK(quantOk, "model.bad-param", op,
                   op + " with quantPre " + std::to_string(static_cast<int>(p.quantPre)) +
                       ", which does not produce the GM dtype " + km::typeName<T>());
  km::checkSpace(src, op, "src", km::Space::L0C);
  if (p.mSize == 0 || p.nSize == 0) return;
  KILN_MODEL_CHECK(p.srcStride * 16u >= p.mSize, "model.bad-param", op,
                   op + " with srcStride " + std::to_string(p.srcStride) + " below mSize " + std::to_string(p.mSize) +
                       ": column blocks would overlap");
  auto srcAt = [&](uint64_t r, uint64_t c) { return (c / 16) * p.srcStride * 16ull + r * 16 + c % 16; };
  km::checkLocal(src, op, "src", srcAt(p.mSize - 1, (p.nSize - 1) / 16 * 16 + 15) + 1);
  dst.checkRange("Fixpipe", 0, static_cast<uint64_t>(p.mSize - 1) * p.dstStride + p.nSize);
  for (uint64_t r = 0; r < p.mSize; ++r)
    for (uint64_t c = 0; c < p.nSize; ++c) {
      float v = src.at(srcAt(r, c));
      if (p.reluEn && v < 0) v = 0;
      dst.GetPhyAddr()[r * p.dstStride + c] = T(v);
    }
}

}  // namespace AscendC
