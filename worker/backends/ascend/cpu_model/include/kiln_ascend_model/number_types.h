// The 16-bit float types of AscendC, in kiln's model of the documented
// AscendC API: `half` (IEEE binary16) and `bfloat16_t` (the top half of a
// binary32). Both store bits and convert to float exactly; float converts
// to them rounding to nearest, ties to even (the chip's default and CAST_RINT).
// They have no arithmetic operators of their own: `a + b` converts both to
// float, and storing the result back rounds once, which is what the vector
// unit does per op for half ("compute in float, round per op").
#pragma once

#include <cstdint>
#include <cstring>
#include <type_traits>

namespace kiln_ascend_model {

inline uint32_t floatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}
inline float bitsFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

// binary32 -> binary16, round to nearest even, overflow to infinity,
// subnormals kept, NaN stays NaN (quiet).
inline uint16_t floatToHalfBits(float f) {
  uint32_t x = floatBits(f);
  uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  uint32_t exp = (x >> 23) & 0xffu;
  uint32_t man = x & 0x7fffffu;
  if (exp == 0xff) return static_cast<uint16_t>(sign | 0x7c00u | (man ? 0x200u : 0u));
  int32_t e = static_cast<int32_t>(exp) - 127 + 15;  // biased half exponent
  if (e >= 31) return static_cast<uint16_t>(sign | 0x7c00u);
  if (e <= 0) {
    // Subnormal half (or zero): shift the full significand into place.
    if (e < -10) return sign;  // below half the smallest subnormal: rounds to 0
    uint32_t sig = man | 0x800000u;
    uint32_t shift = static_cast<uint32_t>(14 - e);  // 24-bit sig -> 10-bit field
    uint32_t q = sig >> shift;
    uint32_t rem = sig & ((1u << shift) - 1);
    uint32_t halfway = 1u << (shift - 1);
    if (rem > halfway || (rem == halfway && (q & 1u))) ++q;
    return static_cast<uint16_t>(sign | q);  // a carry into the exponent is correct
  }
  uint32_t q = (static_cast<uint32_t>(e) << 10) | (man >> 13);
  uint32_t rem = man & 0x1fffu;
  if (rem > 0x1000u || (rem == 0x1000u && (q & 1u))) ++q;  // carry may reach inf: correct
  return static_cast<uint16_t>(sign | q);
}

inline float halfBitsToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  uint32_t exp = (h >> 10) & 0x1fu;
  uint32_t man = h & 0x3ffu;
  if (exp == 0x1f) return bitsFloat(sign | 0x7f800000u | (man << 13));
  if (exp == 0) {
    if (man == 0) return bitsFloat(sign);
    // Normalise the subnormal.
    int32_t e = -1;
    do {
      ++e;
      man <<= 1;
    } while ((man & 0x400u) == 0);
    return bitsFloat(sign | (static_cast<uint32_t>(127 - 15 - e) << 23) | ((man & 0x3ffu) << 13));
  }
  return bitsFloat(sign | ((exp + 127 - 15) << 23) | (man << 13));
}

inline uint16_t floatToBf16Bits(float f) {
  uint32_t x = floatBits(f);
  if ((x & 0x7f800000u) == 0x7f800000u && (x & 0x7fffffu)) return static_cast<uint16_t>((x >> 16) | 0x40u);
  uint32_t lsb = (x >> 16) & 1u;
  return static_cast<uint16_t>((x + 0x7fffu + lsb) >> 16);
}
inline float bf16BitsToFloat(uint16_t b) { return bitsFloat(static_cast<uint32_t>(b) << 16); }

// Shared shape of the two types: bits, exact widening, rounding narrowing.
template <typename Self, uint16_t (*ToBits)(float), float (*ToFloat)(uint16_t)>
struct Float16Storage {
  uint16_t bits = 0;
  Float16Storage() = default;
  template <typename U, typename = std::enable_if_t<std::is_arithmetic<U>::value>>
  Float16Storage(U v) : bits(ToBits(static_cast<float>(v))) {}  // NOLINT: implicit, as AscendC's half
  operator float() const { return ToFloat(bits); }              // NOLINT
  static Self fromBits(uint16_t b) {
    Self s;
    s.bits = b;
    return s;
  }
};

}  // namespace kiln_ascend_model

// AscendC spells these at global scope (`half`) and in AscendC (`bfloat16_t`).
struct half : kiln_ascend_model::Float16Storage<half, kiln_ascend_model::floatToHalfBits,
                                                kiln_ascend_model::halfBitsToFloat> {
  using Float16Storage::Float16Storage;
};
struct bfloat16_t : kiln_ascend_model::Float16Storage<bfloat16_t, kiln_ascend_model::floatToBf16Bits,
                                                      kiln_ascend_model::bf16BitsToFloat> {
  using Float16Storage::Float16Storage;
};
static_assert(sizeof(half) == 2 && sizeof(bfloat16_t) == 2, "16-bit storage");

namespace kiln_ascend_model {

// The dtype as an error message names it.
template <typename T> inline const char *typeName() { return "T"; }
template <> inline const char *typeName<half>() { return "half"; }
template <> inline const char *typeName<bfloat16_t>() { return "bfloat16_t"; }
template <> inline const char *typeName<float>() { return "float"; }
template <> inline const char *typeName<double>() { return "double"; }
template <> inline const char *typeName<int8_t>() { return "int8_t"; }
template <> inline const char *typeName<uint8_t>() { return "uint8_t"; }
template <> inline const char *typeName<int16_t>() { return "int16_t"; }
template <> inline const char *typeName<uint16_t>() { return "uint16_t"; }
template <> inline const char *typeName<int32_t>() { return "int32_t"; }
template <> inline const char *typeName<uint32_t>() { return "uint32_t"; }
template <> inline const char *typeName<int64_t>() { return "int64_t"; }
template <> inline const char *typeName<uint64_t>() { return "uint64_t"; }

template <typename T, typename... Us> inline constexpr bool isOneOf = (std::is_same<T, Us>::value || ...);

}  // namespace kiln_ascend_model
