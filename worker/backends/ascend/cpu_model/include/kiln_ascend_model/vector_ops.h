// The count-form vector ops, in kiln's model of the documented AscendC
// API: Add Sub Mul Div Max Min, Exp Ln Sqrt Rsqrt Abs Relu, Adds Muls Maxs
// Mins and Duplicate, each on `count` elements from the operands' starts.
//
// The count form has no 32-byte rule on the length (it sets a count mask
// and issues one instruction), but every operand start must be 32-byte
// aligned in UB; count == 0 does nothing. The dtypes are the docs' (the
// same on 910B and 310P); a dtype the chip lacks does not compile: there
// is no bf16 arithmetic, so bf16 data is cast to float and back.
// half computes in float and rounds to half once per op; int16/int32
// compute wide and wrap to the dtype.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "kiln_ascend_model/error.h"
#include "kiln_ascend_model/number_types.h"
#include "kiln_ascend_model/tensors.h"

namespace kiln_ascend_model {

template <typename T> inline constexpr bool kArithType = isOneOf<T, int16_t, half, int32_t, float>;
template <typename T> inline constexpr bool kFloatType = isOneOf<T, half, float>;
template <typename T> inline constexpr bool kReluType = isOneOf<T, half, int32_t, float>;
template <typename T>
inline constexpr bool kDuplicateType = isOneOf<T, half, bfloat16_t, int16_t, uint16_t, int32_t, uint32_t, float>;

// What one lane computes in: float for half/float, 64-bit for integers.
template <typename T> using Lane = std::conditional_t<std::is_integral<T>::value, int64_t, float>;

template <typename T> T narrow(Lane<T> v) { return static_cast<T>(v); }

template <typename T> struct NonDeduced { using type = T; };

inline void checkCount(const std::string &op, int64_t count) {
  KILN_MODEL_CHECK(count >= 0, "model.bad-param", op, op + " with a negative count " + std::to_string(count));
}

// dst[i] = f(src0[i], src1[i]); sources are read before dst is written, so
// in-place calls (dst == src0) behave as on the chip.
template <typename T, typename F>
void binaryOp(const char *name, const AscendC::LocalTensor<T> &dst, const AscendC::LocalTensor<T> &src0,
              const AscendC::LocalTensor<T> &src1, int32_t count, F f) {
  std::string op = opName<T>(name);
  checkCount(op, count);
  checkSpace(dst, op, "dst", Space::UB);
  checkSpace(src0, op, "src0", Space::UB);
  checkSpace(src1, op, "src1", Space::UB);
  if (count <= 0) return;
  checkLocal(dst, op, "dst", count);
  checkLocal(src0, op, "src0", count);
  checkLocal(src1, op, "src1", count);
  std::vector<T> out(count);
  for (int32_t i = 0; i < count; ++i) out[i] = narrow<T>(f(static_cast<Lane<T>>(src0.at(i)), static_cast<Lane<T>>(src1.at(i))));
  for (int32_t i = 0; i < count; ++i) dst.put(i, out[i]);
}

template <typename T, typename F>
void unaryOp(const char *name, const AscendC::LocalTensor<T> &dst, const AscendC::LocalTensor<T> &src, int32_t count, F f) {
  std::string op = opName<T>(name);
  checkCount(op, count);
  checkSpace(dst, op, "dst", Space::UB);
  checkSpace(src, op, "src", Space::UB);
  if (count <= 0) return;
  checkLocal(dst, op, "dst", count);
  checkLocal(src, op, "src", count);
  std::vector<T> out(count);
  for (int32_t i = 0; i < count; ++i) out[i] = narrow<T>(f(static_cast<Lane<T>>(src.at(i))));
  for (int32_t i = 0; i < count; ++i) dst.put(i, out[i]);
}

}  // namespace kiln_ascend_model

#define KILN_MODEL_NO_FORM(name, cond, what) \
  static_assert(cond, "kiln AscendC model: " name " has no form for this dtype on 910B/310P (" what ")")

namespace AscendC {

#define KILN_MODEL_BINARY(Name, expr)                                                                       \
  template <typename T>                                                                                     \
  void Name(const LocalTensor<T> &dst, const LocalTensor<T> &src0, const LocalTensor<T> &src1, int32_t count) { \
    KILN_MODEL_NO_FORM(#Name, kiln_ascend_model::kArithType<T>, "int16_t, half, int32_t, float; no bf16 arithmetic"); \
    using L = kiln_ascend_model::Lane<T>;                                                                   \
    kiln_ascend_model::binaryOp(#Name, dst, src0, src1, count, [](L a, L b) -> L { return expr; });        \
  }
KILN_MODEL_BINARY(Add, a + b)
KILN_MODEL_BINARY(Sub, a - b)
KILN_MODEL_BINARY(Mul, a * b)
KILN_MODEL_BINARY(Max, a > b ? a : b)
KILN_MODEL_BINARY(Min, a < b ? a : b)
#undef KILN_MODEL_BINARY

template <typename T>
void Div(const LocalTensor<T> &dst, const LocalTensor<T> &src0, const LocalTensor<T> &src1, int32_t count) {
  KILN_MODEL_NO_FORM("Div", kiln_ascend_model::kFloatType<T>, "half and float only");
  kiln_ascend_model::binaryOp("Div", dst, src0, src1, count, [](float a, float b) { return a / b; });
}

#define KILN_MODEL_UNARY(Name, Allowed, what, expr)                                          \
  template <typename T> void Name(const LocalTensor<T> &dst, const LocalTensor<T> &src, int32_t count) { \
    KILN_MODEL_NO_FORM(#Name, kiln_ascend_model::Allowed<T>, what);                         \
    using L = kiln_ascend_model::Lane<T>;                                                    \
    kiln_ascend_model::unaryOp(#Name, dst, src, count, [](L x) -> L { return expr; });      \
  }
KILN_MODEL_UNARY(Exp, kFloatType, "half and float only", std::exp(x))
KILN_MODEL_UNARY(Ln, kFloatType, "half and float only", std::log(x))
KILN_MODEL_UNARY(Sqrt, kFloatType, "half and float only", std::sqrt(x))
KILN_MODEL_UNARY(Rsqrt, kFloatType, "half and float only", L(1) / std::sqrt(x))
KILN_MODEL_UNARY(Abs, kFloatType, "half and float only", std::fabs(x))
KILN_MODEL_UNARY(Relu, kReluType, "half, int32_t and float only", x > L(0) ? x : L(0))
#undef KILN_MODEL_UNARY

// The scalar is not deduced, so `Adds(dst, src, 2.0f, n)` works for half.
#define KILN_MODEL_SCALAR(Name, expr)                                                                         \
  template <typename T>                                                                                       \
  void Name(const LocalTensor<T> &dst, const LocalTensor<T> &src,                                             \
            typename kiln_ascend_model::NonDeduced<T>::type scalar, int32_t count) {                          \
    KILN_MODEL_NO_FORM(#Name, kiln_ascend_model::kArithType<T>, "int16_t, half, int32_t, float; no bf16 arithmetic"); \
    using L = kiln_ascend_model::Lane<T>;                                                                     \
    L s = static_cast<L>(scalar);                                                                             \
    kiln_ascend_model::unaryOp(#Name, dst, src, count, [s](L a) -> L { return expr; });                      \
  }
KILN_MODEL_SCALAR(Adds, a + s)
KILN_MODEL_SCALAR(Muls, a * s)
KILN_MODEL_SCALAR(Maxs, a > s ? a : s)
KILN_MODEL_SCALAR(Mins, a < s ? a : s)
#undef KILN_MODEL_SCALAR

template <typename T>
void Duplicate(const LocalTensor<T> &dst, typename kiln_ascend_model::NonDeduced<T>::type scalar, int32_t count) {
  KILN_MODEL_NO_FORM("Duplicate", kiln_ascend_model::kDuplicateType<T>, "16- and 32-bit types");
  namespace m = kiln_ascend_model;
  std::string op = m::opName<T>("Duplicate");
  m::checkCount(op, count);
  m::checkSpace(dst, op, "dst", m::Space::UB);
  if (count <= 0) return;
  m::checkLocal(dst, op, "dst", count);
  for (int32_t i = 0; i < count; ++i) dst.put(i, scalar);
}

}  // namespace AscendC
