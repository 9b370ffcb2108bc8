#include "worker/reference/float_formats.h"

#include <bit>

namespace kiln::reference {

uint16_t floatToHalf(float value) {
  uint32_t bits = std::bit_cast<uint32_t>(value);
  uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000u);
  uint32_t exponent = (bits >> 23) & 0xFFu;
  uint32_t mantissa = bits & 0x7FFFFFu;

  if (exponent == 0xFF) {
    if (mantissa == 0) return sign | 0x7C00u;
    // Keep the payload's top bits so that every half NaN round-trips; a
    // payload living only in the dropped bits still has to stay a NaN.
    uint16_t payload = static_cast<uint16_t>(mantissa >> 13);
    return sign | 0x7C00u | (payload ? payload : 0x0200u);
  }

  // Unbiased exponent; half normals cover [-14, 15].
  int e = static_cast<int>(exponent) - 127;
  if (e > 15) return sign | 0x7C00u;
  if (e >= -14) {
    // Normal: drop 13 mantissa bits with round to nearest even. A carry out
    // of the mantissa bumps the exponent, up to infinity, which is correct.
    uint32_t half = (static_cast<uint32_t>(e + 15) << 10) | (mantissa >> 13);
    uint32_t rest = mantissa & 0x1FFFu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) ++half;
    return sign | static_cast<uint16_t>(half);
  }
  // Subnormal or zero: the value is significand * 2^(e-23) with the hidden
  // bit made explicit; a half subnormal unit is 2^-24.
  if (exponent == 0) return sign;  // f32 subnormals are far below half's range
  uint32_t significand = mantissa | 0x800000u;
  // significand * 2^(e-23) in units of 2^-24 is significand * 2^(e+1).
  int shift = -e - 1;
  if (shift > 24) return sign;  // below half the smallest subnormal
  uint32_t half = significand >> shift;
  uint32_t rest = significand & ((1u << shift) - 1u);
  uint32_t halfway = 1u << (shift - 1);
  if (rest > halfway || (rest == halfway && (half & 1u))) ++half;
  // Rounding up from the largest subnormal gives the smallest normal, whose
  // encoding is exactly half == 0x400.
  return sign | static_cast<uint16_t>(half);
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1Fu;
  uint32_t mantissa = bits & 0x3FFu;
  uint32_t out;
  if (exponent == 0x1F) {
    out = sign | 0x7F800000u | (mantissa << 13);
  } else if (exponent != 0) {
    out = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    out = sign;
  } else {
    // Subnormal half: normalize into an f32 normal.
    int e = -14;
    while (!(mantissa & 0x400u)) {
      mantissa <<= 1;
      --e;
    }
    mantissa &= 0x3FFu;
    out = sign | (static_cast<uint32_t>(e + 127) << 23) | (mantissa << 13);
  }
  return std::bit_cast<float>(out);
}

uint16_t floatToBFloat16(float value) {
  uint32_t bits = std::bit_cast<uint32_t>(value);
  if ((bits & 0x7F800000u) == 0x7F800000u && (bits & 0x7FFFFFu)) {
    uint16_t top = static_cast<uint16_t>(bits >> 16);
    return (top & 0x7Fu) ? top : static_cast<uint16_t>(top | 0x40u);
  }
  // Adding 0x7FFF plus the kept LSB rounds to nearest even; a carry into the
  // exponent is the correct rounding, including up to infinity.
  uint32_t lsb = (bits >> 16) & 1u;
  return static_cast<uint16_t>((bits + 0x7FFFu + lsb) >> 16);
}

float bfloat16ToFloat(uint16_t bits) { return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16); }

}  // namespace kiln::reference
