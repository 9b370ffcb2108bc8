// arith float ops and every conversion between scalar types.
#include <cmath>

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"
#include "worker/reference/arith_internal.h"
#include "worker/reference/numerics.h"

namespace kiln::reference::arith_detail {
namespace {

namespace a = mlir::arith;
using Result = std::optional<mlir::LogicalResult>;

/// f32 math, then rounding to the result type, as the tile ops do.
template <typename Fn>
mlir::LogicalResult floatBinary(ArithStep &s, Fn fn) {
  auto x = s.real(0);
  auto y = x ? s.real(1) : std::nullopt;
  if (!y) return mlir::failure();
  return s.set(roundToElement(fn(*x, *y), s.resultType().floatType));
}

mlir::LogicalResult compareFloat(ArithStep &s, a::CmpFOp op) {
  auto x = s.real(0);
  auto y = x ? s.real(1) : std::nullopt;
  if (!y) return mlir::failure();
  bool unordered = std::isnan(*x) || std::isnan(*y);
  using P = a::CmpFPredicate;
  bool r = false;
  switch (op.getPredicate()) {
    case P::AlwaysFalse: r = false; break;
    case P::OEQ: r = !unordered && *x == *y; break;
    case P::OGT: r = !unordered && *x > *y; break;
    case P::OGE: r = !unordered && *x >= *y; break;
    case P::OLT: r = !unordered && *x < *y; break;
    case P::OLE: r = !unordered && *x <= *y; break;
    case P::ONE: r = !unordered && *x != *y; break;
    case P::ORD: r = !unordered; break;
    case P::UEQ: r = unordered || *x == *y; break;
    case P::UGT: r = unordered || *x > *y; break;
    case P::UGE: r = unordered || *x >= *y; break;
    case P::ULT: r = unordered || *x < *y; break;
    case P::ULE: r = unordered || *x <= *y; break;
    case P::UNE: r = unordered || *x != *y; break;
    case P::UNO: r = unordered; break;
    case P::AlwaysTrue: r = true; break;
  }
  return s.set(boolValue(r));
}

/// fptosi/fptoui: toward zero, saturating at the type's range, NaN to 0 (what
/// the GPU's cvt.rzi does, where MLIR leaves it undefined).
mlir::LogicalResult floatToInt(ArithStep &s, bool isSigned) {
  auto x = s.real(0);
  if (!x) return mlir::failure();
  const unsigned w = s.resultType().width;
  if (std::isnan(*x)) return s.set(int64_t{0});
  double t = std::trunc(static_cast<double>(*x));
  if (isSigned) {
    double limit = std::ldexp(1.0, static_cast<int>(w) - 1);
    if (t >= limit) return s.set(normalizeInt((uint64_t{1} << (w - 1)) - 1, w));
    if (t < -limit) return s.set(normalizeInt(uint64_t{1} << (w - 1), w));
    return s.set(static_cast<int64_t>(t));
  }
  double limit = std::ldexp(1.0, static_cast<int>(w));
  if (t <= 0) return s.set(int64_t{0});
  if (t >= limit) return s.set(normalizeInt(~uint64_t{0}, w));
  return s.set(normalizeInt(static_cast<uint64_t>(t), w));
}

mlir::LogicalResult intToInt(ArithStep &s, bool zeroExtend) {
  auto x = s.integer(0);
  if (!x) return mlir::failure();
  uint64_t bits = zeroExtend ? unsignedBits(*x, s.operandType(0).width) : static_cast<uint64_t>(*x);
  return s.set(normalizeInt(bits, s.resultType().width));
}

mlir::LogicalResult intToFloat(ArithStep &s, bool isSigned) {
  auto x = s.integer(0);
  if (!x) return mlir::failure();
  ElementType to = s.resultType().floatType;
  if (isSigned) return s.set(signedToFloatElement(*x, to));
  return s.set(unsignedToFloatElement(unsignedBits(*x, s.operandType(0).width), to));
}

mlir::LogicalResult floatToFloat(ArithStep &s) {
  auto x = s.real(0);
  if (!x) return mlir::failure();
  return s.set(roundToElement(*x, s.resultType().floatType));
}

}  // namespace

std::optional<mlir::LogicalResult> executeFloatOrCast(ArithStep &s) {
  return llvm::TypeSwitch<mlir::Operation *, Result>(&s.op)
      .Case([&](a::AddFOp) { return floatBinary(s, [](float x, float y) { return x + y; }); })
      .Case([&](a::SubFOp) { return floatBinary(s, [](float x, float y) { return x - y; }); })
      .Case([&](a::MulFOp) { return floatBinary(s, [](float x, float y) { return x * y; }); })
      .Case([&](a::DivFOp) { return floatBinary(s, [](float x, float y) { return x / y; }); })
      // fmaxf/fminf as for tile.max/tile.min, and as MLIR 16 lowers
      // arith.maxf/minf to LLVM (maxnum/minnum).
      .Case([&](a::MaxFOp) { return floatBinary(s, [](float x, float y) { return std::fmax(x, y); }); })
      .Case([&](a::MinFOp) { return floatBinary(s, [](float x, float y) { return std::fmin(x, y); }); })
      .Case([&](a::NegFOp) -> mlir::LogicalResult {
        auto x = s.real(0);
        if (!x) return mlir::failure();
        return s.set(-*x);
      })
      .Case([&](a::CmpFOp op) { return compareFloat(s, op); })
      .Case([&](a::ExtFOp) { return floatToFloat(s); })
      .Case([&](a::TruncFOp) { return floatToFloat(s); })
      .Case([&](a::SIToFPOp) { return intToFloat(s, /*isSigned=*/true); })
      .Case([&](a::UIToFPOp) { return intToFloat(s, /*isSigned=*/false); })
      .Case([&](a::FPToSIOp) { return floatToInt(s, /*isSigned=*/true); })
      .Case([&](a::FPToUIOp) { return floatToInt(s, /*isSigned=*/false); })
      .Case([&](a::IndexCastOp) { return intToInt(s, /*zeroExtend=*/false); })
      .Case([&](a::IndexCastUIOp) { return intToInt(s, /*zeroExtend=*/true); })
      .Case([&](a::ExtSIOp) { return intToInt(s, /*zeroExtend=*/false); })
      .Case([&](a::ExtUIOp) { return intToInt(s, /*zeroExtend=*/true); })
      .Case([&](a::TruncIOp) { return intToInt(s, /*zeroExtend=*/false); })
      .Default([](mlir::Operation *) { return Result(); });
}

}  // namespace kiln::reference::arith_detail
