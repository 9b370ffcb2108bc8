// Elementwise tile ops, broadcast, cast and fill (rules in tile_compute.h).
#include <cmath>
#include <limits>

#include "worker/reference/numerics.h"
#include "worker/reference/tile_compute.h"

namespace kiln::reference {
namespace {

/// out[i] = fn(in[i]) on float tiles, rounded to the element type. The
/// f32 case skips the rounding call: it is the hot path.
template <typename Fn>
void mapFloat(const TileData &in, TileData &out, Fn fn) {
  out.reset(in.type, in.rows, in.cols);
  const size_t n = in.f.size();
  if (in.type == ElementType::kF32) {
    for (size_t k = 0; k < n; ++k) out.f[k] = fn(in.f[k]);
  } else {
    for (size_t k = 0; k < n; ++k) out.f[k] = roundToElement(fn(in.f[k]), in.type);
  }
}

template <typename Fn>
void zipFloat(const TileData &a, const TileData &b, TileData &out, Fn fn) {
  out.reset(a.type, a.rows, a.cols);
  const size_t n = a.f.size();
  if (a.type == ElementType::kF32) {
    for (size_t k = 0; k < n; ++k) out.f[k] = fn(a.f[k], b.f[k]);
  } else {
    for (size_t k = 0; k < n; ++k) out.f[k] = roundToElement(fn(a.f[k], b.f[k]), a.type);
  }
}

template <typename Fn>
void mapInt(const TileData &in, TileData &out, Fn fn) {
  out.reset(in.type, in.rows, in.cols);
  for (size_t k = 0; k < in.i.size(); ++k) out.i[k] = fn(in.i[k]);
}

template <typename Fn>
void zipInt(const TileData &a, const TileData &b, TileData &out, Fn fn) {
  out.reset(a.type, a.rows, a.cols);
  for (size_t k = 0; k < a.i.size(); ++k) out.i[k] = fn(a.i[k], b.i[k]);
}

std::string binaryFloat(BinaryKind kind, const TileData &a, const TileData &b, TileData &out) {
  switch (kind) {
    case BinaryKind::kAdd: zipFloat(a, b, out, [](float x, float y) { return x + y; }); break;
    case BinaryKind::kSub: zipFloat(a, b, out, [](float x, float y) { return x - y; }); break;
    case BinaryKind::kMul: zipFloat(a, b, out, [](float x, float y) { return x * y; }); break;
    case BinaryKind::kDiv: zipFloat(a, b, out, [](float x, float y) { return x / y; }); break;
    case BinaryKind::kMax: zipFloat(a, b, out, [](float x, float y) { return std::fmax(x, y); }); break;
    case BinaryKind::kMin: zipFloat(a, b, out, [](float x, float y) { return std::fmin(x, y); }); break;
  }
  return {};
}

std::string divideInt(const TileData &a, const TileData &b, TileData &out) {
  out.reset(a.type, a.rows, a.cols);
  for (size_t k = 0; k < a.i.size(); ++k) {
    int32_t x = a.i[k], y = b.i[k];
    auto where = [&] {
      auto index = static_cast<int64_t>(k);
      return " at element (" + std::to_string(index / a.cols) + ", " +
             std::to_string(index % a.cols) + ")";
    };
    if (y == 0) return "i32 division by zero" + where();
    if (x == std::numeric_limits<int32_t>::min() && y == -1)
      return "i32 division overflows: -2147483648 / -1" + where();
    out.i[k] = x / y;
  }
  return {};
}

std::string binaryInt(BinaryKind kind, const TileData &a, const TileData &b, TileData &out) {
  switch (kind) {
    case BinaryKind::kAdd: zipInt(a, b, out, wrapAdd); break;
    case BinaryKind::kSub: zipInt(a, b, out, wrapSub); break;
    case BinaryKind::kMul: zipInt(a, b, out, wrapMul); break;
    case BinaryKind::kDiv: return divideInt(a, b, out);
    case BinaryKind::kMax: zipInt(a, b, out, [](int32_t x, int32_t y) { return x > y ? x : y; }); break;
    case BinaryKind::kMin: zipInt(a, b, out, [](int32_t x, int32_t y) { return x < y ? x : y; }); break;
  }
  return {};
}

}  // namespace

std::string binaryOp(BinaryKind kind, const TileData &lhs, const TileData &rhs, TileData &out) {
  if (lhs.type != rhs.type || lhs.rows != rhs.rows || lhs.cols != rhs.cols)
    return "operand tiles differ in shape or element type";
  return lhs.isFloat() ? binaryFloat(kind, lhs, rhs, out) : binaryInt(kind, lhs, rhs, out);
}

std::string unaryOp(UnaryKind kind, const TileData &input, TileData &out) {
  if (!input.isFloat()) {
    switch (kind) {
      case UnaryKind::kNeg: mapInt(input, out, wrapNeg); return {};
      // abs(INT_MIN) wraps to INT_MIN, as negation does.
      case UnaryKind::kAbs: mapInt(input, out, [](int32_t x) { return x < 0 ? wrapNeg(x) : x; }); return {};
      case UnaryKind::kRelu: mapInt(input, out, [](int32_t x) { return x > 0 ? x : 0; }); return {};
      default: return "this op takes float tiles only";
    }
  }
  switch (kind) {
    case UnaryKind::kExp: mapFloat(input, out, [](float x) { return std::exp(x); }); break;
    case UnaryKind::kLog: mapFloat(input, out, [](float x) { return std::log(x); }); break;
    case UnaryKind::kSqrt: mapFloat(input, out, [](float x) { return std::sqrt(x); }); break;
    case UnaryKind::kRsqrt: mapFloat(input, out, [](float x) { return 1.0f / std::sqrt(x); }); break;
    case UnaryKind::kNeg: mapFloat(input, out, [](float x) { return -x; }); break;
    case UnaryKind::kAbs: mapFloat(input, out, [](float x) { return std::fabs(x); }); break;
    case UnaryKind::kRelu: mapFloat(input, out, [](float x) { return std::fmax(x, 0.0f); }); break;
  }
  return {};
}

void scaleOp(const TileData &input, float scalar, TileData &out) {
  mapFloat(input, out, [scalar](float x) { return x * scalar; });
}

void scaleOp(const TileData &input, int32_t scalar, TileData &out) {
  mapInt(input, out, [scalar](int32_t x) { return wrapMul(x, scalar); });
}

void fillOp(ElementType type, int64_t rows, int64_t cols, float value, TileData &out) {
  out.reset(type, rows, cols);
  std::fill(out.f.begin(), out.f.end(), roundToElement(value, type));
}

void fillOp(int64_t rows, int64_t cols, int32_t value, TileData &out) {
  out.reset(ElementType::kI32, rows, cols);
  std::fill(out.i.begin(), out.i.end(), value);
}

void broadcastOp(const TileData &input, int64_t rows, int64_t cols, TileData &out) {
  out.reset(input.type, rows, cols);
  // A 1x1 source is both a column and a row; the formula covers every case.
  for (int64_t r = 0; r < rows; ++r) {
    int64_t sr = input.rows == 1 ? 0 : r;
    for (int64_t c = 0; c < cols; ++c) {
      int64_t from = sr * input.cols + (input.cols == 1 ? 0 : c);
      if (input.isFloat())
        out.f[r * cols + c] = input.f[from];
      else
        out.i[r * cols + c] = input.i[from];
    }
  }
}

void castOp(const TileData &input, ElementType to, TileData &out) {
  out.reset(to, input.rows, input.cols);
  const size_t n = static_cast<size_t>(input.size());
  if (input.isFloat() && to != ElementType::kI32) {
    // f16 and bf16 values are exact in f32, so one rounding from the held
    // value is the correctly rounded conversion.
    for (size_t k = 0; k < n; ++k) out.f[k] = roundToElement(input.f[k], to);
  } else if (input.isFloat()) {
    for (size_t k = 0; k < n; ++k) out.i[k] = floatToI32Saturating(input.f[k]);
  } else if (to != ElementType::kI32) {
    for (size_t k = 0; k < n; ++k) out.f[k] = signedToFloatElement(input.i[k], to);
  } else {
    out.i = input.i;
  }
}

}  // namespace kiln::reference
