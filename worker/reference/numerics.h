// The rounding rules shared by tile and scalar ops: how an f32 result
// becomes an f16/bf16 element, and how integers and floats convert.
#pragma once

#include <cstdint>

#include "worker/reference/reference_executor.h"

namespace kiln::reference {

/// `value` rounded (to nearest even) to a float element type; f32 as is.
float roundToElement(float value, ElementType type);

/// The integer `value` rounded once, to nearest even, to a float element
/// type. Going through f32 first would round twice for f16/bf16.
float signedToFloatElement(int64_t value, ElementType type);
float unsignedToFloatElement(uint64_t value, ElementType type);

/// tile.cast to i32: round to nearest even, saturate to the i32 range, NaN
/// gives 0.
int32_t floatToI32Saturating(float value);

/// Two's-complement wrap-around arithmetic on i32.
inline int32_t wrapAdd(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b));
}
inline int32_t wrapSub(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b));
}
inline int32_t wrapMul(int32_t a, int32_t b) {
  return static_cast<int32_t>(static_cast<uint32_t>(a) * static_cast<uint32_t>(b));
}
inline int32_t wrapNeg(int32_t a) { return static_cast<int32_t>(0u - static_cast<uint32_t>(a)); }

}  // namespace kiln::reference
