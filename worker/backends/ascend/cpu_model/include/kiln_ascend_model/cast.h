// Cast with a RoundMode, in kiln's model of the documented AscendC API.
//
// The pairs are those the docs list for 910B (the shared notes):
//   half->float NONE; float->half NONE/RINT/FLOOR/CEIL/ROUND/TRUNC/ODD;
//   float->bf16 RINT/FLOOR/CEIL/ROUND/TRUNC (not NONE); bf16->float NONE;
//   float/half->int32 RINT/FLOOR/CEIL/ROUND/TRUNC;
//   int32->float NONE/RINT/FLOOR/CEIL/ROUND/TRUNC.
// Any other pair or mode stops with [model.cast-pair].
// Modes: NONE is rint where precision is lost (exact widenings need none),
// RINT ties to even, ROUND ties away from zero, ODD picks the neighbour
// with an odd last bit when inexact (von Neumann rounding). float->int32
// saturates at the int32 range and maps NaN to 0 (the model's choice; the
// notes do not say).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/number_types.h"
#include "kiln_ascend_model/tensors.h"

namespace AscendC {
enum class RoundMode { CAST_NONE, CAST_RINT, CAST_FLOOR, CAST_CEIL, CAST_ROUND, CAST_TRUNC, CAST_ODD, CAST_HYBRID };
}

namespace kiln_ascend_model {

inline const char *roundModeName(AscendC::RoundMode m) {
  static const char *names[] = {"CAST_NONE", "CAST_RINT",  "CAST_FLOOR", "CAST_CEIL",
                                "CAST_ROUND", "CAST_TRUNC", "CAST_ODD",   "CAST_HYBRID"};
  return names[static_cast<int>(m)];
}

// Neighbours in a 16-bit float format, through an ordered integer view.
template <typename F16> int32_t ordered16(F16 v) {
  int32_t b = v.bits;
  return (b & 0x8000) ? -(b & 0x7fff) : b;
}
template <typename F16> F16 fromOrdered16(int32_t o) {
  return F16::fromBits(static_cast<uint16_t>(o < 0 ? (0x8000 | -o) : o));
}

// The value x (exact in double) rounded to the target format by `mode`,
// given the round-to-nearest-even result and the neighbour stepping.
template <typename R, typename Next>
R roundWithMode(double x, R rne, AscendC::RoundMode mode, Next next) {
  using M = AscendC::RoundMode;
  double r = static_cast<double>(static_cast<float>(rne));
  if (std::isnan(x) || r == x || mode == M::CAST_NONE || mode == M::CAST_RINT) return rne;
  R lo = r < x ? rne : next(rne, -1);
  R hi = r < x ? next(rne, +1) : rne;
  double dlo = static_cast<float>(lo), dhi = static_cast<float>(hi);
  switch (mode) {
    case M::CAST_FLOOR: return lo;
    case M::CAST_CEIL: return hi;
    case M::CAST_TRUNC: return x > 0 ? lo : hi;
    case M::CAST_ROUND:
      if (x - dlo == dhi - x) return x > 0 ? hi : lo;
      return (x - dlo < dhi - x) ? lo : hi;
    case M::CAST_ODD: return (lo.bits & 1) ? lo : hi;
    default: return rne;
  }
}

template <typename F16> F16 step16(F16 v, int dir) { return fromOrdered16<F16>(ordered16(v) + dir); }

inline half floatToHalf(float x, AscendC::RoundMode mode) {
  return roundWithMode<half>(x, half::fromBits(floatToHalfBits(x)), mode, step16<half>);
}
inline bfloat16_t floatToBf16(float x, AscendC::RoundMode mode) {
  return roundWithMode<bfloat16_t>(x, bfloat16_t::fromBits(floatToBf16Bits(x)), mode, step16<bfloat16_t>);
}

inline float intToFloat(int32_t v, AscendC::RoundMode mode) {
  using M = AscendC::RoundMode;
  double x = v;
  float rne = static_cast<float>(v);
  if (static_cast<double>(rne) == x || mode == M::CAST_NONE || mode == M::CAST_RINT) return rne;
  float lo = rne < x ? rne : std::nextafter(rne, -INFINITY);
  float hi = rne < x ? std::nextafter(rne, INFINITY) : rne;
  switch (mode) {
    case M::CAST_FLOOR: return lo;
    case M::CAST_CEIL: return hi;
    case M::CAST_TRUNC: return x > 0 ? lo : hi;
    case M::CAST_ROUND:
      if (x - lo == hi - x) return x > 0 ? hi : lo;
      return (x - lo < hi - x) ? lo : hi;
    default: return rne;
  }
}

inline int32_t floatToInt(float x, AscendC::RoundMode mode) {
  using M = AscendC::RoundMode;
  if (std::isnan(x)) return 0;
  double r;
  switch (mode) {
    case M::CAST_FLOOR: r = std::floor(x); break;
    case M::CAST_CEIL: r = std::ceil(x); break;
    case M::CAST_ROUND: r = std::round(x); break;  // ties away from zero
    case M::CAST_TRUNC: r = std::trunc(x); break;
    default: r = std::nearbyint(x); break;  // RINT: ties to even (default FP environment)
  }
  if (r >= 2147483647.0) return std::numeric_limits<int32_t>::max();
  if (r <= -2147483648.0) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(r);
}

template <typename D, typename S> inline constexpr bool kCastPairKnown =
    (std::is_same<S, half>::value && std::is_same<D, float>::value) ||
    (std::is_same<S, float>::value && std::is_same<D, half>::value) ||
    (std::is_same<S, float>::value && std::is_same<D, bfloat16_t>::value) ||
    (std::is_same<S, bfloat16_t>::value && std::is_same<D, float>::value) ||
    (std::is_same<S, float>::value && std::is_same<D, int32_t>::value) ||
    (std::is_same<S, half>::value && std::is_same<D, int32_t>::value) ||
    (std::is_same<S, int32_t>::value && std::is_same<D, float>::value);

// Whether 910B documents this pair with this mode.
template <typename D, typename S> bool castModeListed(AscendC::RoundMode mode) {
  using M = AscendC::RoundMode;
  bool directed = mode == M::CAST_RINT || mode == M::CAST_FLOOR || mode == M::CAST_CEIL || mode == M::CAST_ROUND ||
                  mode == M::CAST_TRUNC;
  if (std::is_same<D, float>::value && (std::is_same<S, half>::value || std::is_same<S, bfloat16_t>::value))
    return mode == M::CAST_NONE;
  if (std::is_same<S, float>::value && std::is_same<D, half>::value)
    return directed || mode == M::CAST_NONE || mode == M::CAST_ODD;
  if (std::is_same<S, float>::value && std::is_same<D, bfloat16_t>::value) return directed;
  if (std::is_same<D, int32_t>::value) return directed;
  if (std::is_same<S, int32_t>::value) return directed || mode == M::CAST_NONE;
  return false;
}

template <typename D, typename S> D castOne(S v, AscendC::RoundMode mode) {
  if constexpr (std::is_same<D, float>::value && std::is_same<S, int32_t>::value) return intToFloat(v, mode);
  else if constexpr (std::is_same<D, float>::value) return static_cast<float>(v);  // exact widening
  else if constexpr (std::is_same<D, half>::value) return floatToHalf(v, mode);
  else if constexpr (std::is_same<D, bfloat16_t>::value) return floatToBf16(v, mode);
  else return floatToInt(static_cast<float>(v), mode);  // half widens exactly first
}

}  // namespace kiln_ascend_model

namespace AscendC {

template <typename D, typename S>
void Cast(const LocalTensor<D> &dst, const LocalTensor<S> &src, RoundMode mode, uint32_t count) {
  namespace m = kiln_ascend_model;
  std::string op = std::string("Cast<") + m::typeName<D>() + ", " + m::typeName<S>() + ">";
  bool listed = false;
  if constexpr (m::kCastPairKnown<D, S>) listed = m::castModeListed<D, S>(mode);
  KILN_MODEL_CHECK(listed, "model.cast-pair", op,
                   op + " with " + m::roundModeName(mode) + ": not a pair and mode the docs list for 910B");
  m::checkSpace(dst, op, "dst", m::Space::UB);
  m::checkSpace(src, op, "src", m::Space::UB);
  if (count == 0) return;
  m::checkLocal(dst, op, "dst", count);
  m::checkLocal(src, op, "src", count);
  if constexpr (m::kCastPairKnown<D, S>) {
    std::vector<D> out(count);
    for (uint32_t i = 0; i < count; ++i) out[i] = m::castOne<D, S>(src.at(i), mode);
    for (uint32_t i = 0; i < count; ++i) dst.put(i, out[i]);
  }
}

}  // namespace AscendC
