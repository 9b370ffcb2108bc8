// Conversions between f32 and the 16-bit float formats, bit-exact: the
// reference executor and the tests that build f16/bf16 inputs share them.
#pragma once

#include <cstdint>

namespace kiln::reference {

/// IEEE binary16, round to nearest even; overflow gives infinity, tiny values
/// become subnormals or signed zero; NaN stays NaN and keeps its sign and the
/// top bits of its payload.
uint16_t floatToHalf(float value);
/// Exact.
float halfToFloat(uint16_t bits);

/// bfloat16 (the top half of an f32), round to nearest even; NaN stays NaN.
uint16_t floatToBFloat16(float value);
/// Exact.
float bfloat16ToFloat(uint16_t bits);

}  // namespace kiln::reference
