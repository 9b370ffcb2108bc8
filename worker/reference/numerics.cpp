#include "worker/reference/numerics.h"

#include <bit>
#include <cmath>
#include <limits>

#include "worker/reference/float_formats.h"

namespace kiln::reference {
namespace {

int significandBits(ElementType type) {
  switch (type) {
    case ElementType::kF16: return 11;
    case ElementType::kBF16: return 8;
    default: return 24;
  }
}

/// `magnitude` rounded to nearest even at `bits` significant bits. The
/// result has at most 24 significant bits and is below 2^65, so the final
/// float holds it exactly.
float roundMagnitude(uint64_t magnitude, int bits) {
  if (magnitude == 0) return 0.0f;
  int width = 64 - std::countl_zero(magnitude);
  if (width <= bits) return static_cast<float>(magnitude);
  int shift = width - bits;
  uint64_t kept = magnitude >> shift;
  uint64_t rest = magnitude & ((uint64_t{1} << shift) - 1);
  uint64_t halfway = uint64_t{1} << (shift - 1);
  if (rest > halfway || (rest == halfway && (kept & 1))) ++kept;
  return std::ldexp(static_cast<float>(kept), shift);
}

}  // namespace

float roundToElement(float value, ElementType type) {
  switch (type) {
    case ElementType::kF16: return halfToFloat(floatToHalf(value));
    case ElementType::kBF16: return bfloat16ToFloat(floatToBFloat16(value));
    default: return value;
  }
}

float signedToFloatElement(int64_t value, ElementType type) {
  uint64_t magnitude = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  float rounded = roundMagnitude(magnitude, significandBits(type));
  // Only the exponent range is left to apply (f16 overflows to infinity);
  // the significand already fits, so this rounds nothing.
  return roundToElement(value < 0 ? -rounded : rounded, type);
}

float unsignedToFloatElement(uint64_t value, ElementType type) {
  return roundToElement(roundMagnitude(value, significandBits(type)), type);
}

int32_t floatToI32Saturating(float value) {
  if (std::isnan(value)) return 0;
  // The default floating-point environment rounds to nearest even.
  float rounded = std::nearbyint(value);
  if (rounded >= 2147483648.0f) return std::numeric_limits<int32_t>::max();
  if (rounded < -2147483648.0f) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(rounded);
}

}  // namespace kiln::reference
