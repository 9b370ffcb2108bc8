// arith dispatch, constants, select, and the integer ops.
#include "worker/reference/arith_ops.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"
#include "worker/reference/arith_internal.h"

namespace kiln::reference {
namespace {

using arith_detail::ArithStep;
using arith_detail::boolValue;

enum class IntOp {
  kAdd, kSub, kMul, kDivS, kDivU, kRemS, kRemU, kCeilDivS, kCeilDivU, kFloorDivS,
  kAnd, kOr, kXor, kShl, kShrS, kShrU, kMaxS, kMinS, kMaxU, kMinU,
};

std::optional<IntOp> intOpOf(mlir::Operation &op) {
  using R = std::optional<IntOp>;
  namespace a = mlir::arith;
  return llvm::TypeSwitch<mlir::Operation *, R>(&op)
      .Case([](a::AddIOp) { return IntOp::kAdd; })
      .Case([](a::SubIOp) { return IntOp::kSub; })
      .Case([](a::MulIOp) { return IntOp::kMul; })
      .Case([](a::DivSIOp) { return IntOp::kDivS; })
      .Case([](a::DivUIOp) { return IntOp::kDivU; })
      .Case([](a::RemSIOp) { return IntOp::kRemS; })
      .Case([](a::RemUIOp) { return IntOp::kRemU; })
      .Case([](a::CeilDivSIOp) { return IntOp::kCeilDivS; })
      .Case([](a::CeilDivUIOp) { return IntOp::kCeilDivU; })
      .Case([](a::FloorDivSIOp) { return IntOp::kFloorDivS; })
      .Case([](a::AndIOp) { return IntOp::kAnd; })
      .Case([](a::OrIOp) { return IntOp::kOr; })
      .Case([](a::XOrIOp) { return IntOp::kXor; })
      .Case([](a::ShLIOp) { return IntOp::kShl; })
      .Case([](a::ShRSIOp) { return IntOp::kShrS; })
      .Case([](a::ShRUIOp) { return IntOp::kShrU; })
      .Case([](a::MaxSIOp) { return IntOp::kMaxS; })
      .Case([](a::MinSIOp) { return IntOp::kMinS; })
      .Case([](a::MaxUIOp) { return IntOp::kMaxU; })
      .Case([](a::MinUIOp) { return IntOp::kMinU; })
      .Default([](mlir::Operation *) { return R(); });
}

bool isDivision(IntOp op) {
  switch (op) {
    case IntOp::kDivS: case IntOp::kDivU: case IntOp::kRemS: case IntOp::kRemU:
    case IntOp::kCeilDivS: case IntOp::kCeilDivU: case IntOp::kFloorDivS: return true;
    default: return false;
  }
}

bool isSignedDivision(IntOp op) {
  return op == IntOp::kDivS || op == IntOp::kCeilDivS || op == IntOp::kFloorDivS;
}

mlir::LogicalResult intBinary(ArithStep &s, IntOp kind) {
  auto a = s.integer(0);
  auto b = a ? s.integer(1) : std::nullopt;
  if (!b) return mlir::failure();
  const unsigned w = s.resultType().width;
  const uint64_t ua = unsignedBits(*a, w), ub = unsignedBits(*b, w);
  const int64_t minW = normalizeInt(uint64_t{1} << (w - 1), w);

  if (isDivision(kind) && ub == 0) return s.fail("integer division by zero");
  if (isSignedDivision(kind) && *a == minW && *b == -1)
    return s.fail("signed integer division overflows: " + std::to_string(*a) + " / -1");
  if ((kind == IntOp::kShl || kind == IntOp::kShrS || kind == IntOp::kShrU) && ub >= w)
    return s.fail("shift amount " + std::to_string(ub) + " is not below the bit width " + std::to_string(w));

  uint64_t r = 0;
  switch (kind) {
    case IntOp::kAdd: r = ua + ub; break;
    case IntOp::kSub: r = ua - ub; break;
    case IntOp::kMul: r = ua * ub; break;
    case IntOp::kDivS: r = static_cast<uint64_t>(*a / *b); break;
    case IntOp::kDivU: r = ua / ub; break;
    // x % -1 is 0, and INT64_MIN % -1 would trap in C++.
    case IntOp::kRemS: r = *b == -1 ? 0 : static_cast<uint64_t>(*a % *b); break;
    case IntOp::kRemU: r = ua % ub; break;
    case IntOp::kCeilDivS:
    case IntOp::kFloorDivS: {
      int64_t q = *a / *b, rem = *a % *b;
      bool sameSign = (rem < 0) == (*b < 0);
      if (rem != 0 && kind == IntOp::kCeilDivS && sameSign) ++q;
      if (rem != 0 && kind == IntOp::kFloorDivS && !sameSign) --q;
      r = static_cast<uint64_t>(q);
      break;
    }
    case IntOp::kCeilDivU: r = ua / ub + (ua % ub != 0); break;
    case IntOp::kAnd: r = ua & ub; break;
    case IntOp::kOr: r = ua | ub; break;
    case IntOp::kXor: r = ua ^ ub; break;
    case IntOp::kShl: r = ua << ub; break;
    case IntOp::kShrS: r = static_cast<uint64_t>(*a >> ub); break;
    case IntOp::kShrU: r = ua >> ub; break;
    case IntOp::kMaxS: r = static_cast<uint64_t>(std::max(*a, *b)); break;
    case IntOp::kMinS: r = static_cast<uint64_t>(std::min(*a, *b)); break;
    case IntOp::kMaxU: r = std::max(ua, ub); break;
    case IntOp::kMinU: r = std::min(ua, ub); break;
  }
  return s.set(normalizeInt(r, w));
}

mlir::LogicalResult compareInt(ArithStep &s, mlir::arith::CmpIOp op) {
  auto a = s.integer(0);
  auto b = a ? s.integer(1) : std::nullopt;
  if (!b) return mlir::failure();
  const unsigned w = s.operandType(0).width;
  const uint64_t ua = unsignedBits(*a, w), ub = unsignedBits(*b, w);
  using P = mlir::arith::CmpIPredicate;
  bool r = false;
  switch (op.getPredicate()) {
    case P::eq: r = *a == *b; break;
    case P::ne: r = *a != *b; break;
    case P::slt: r = *a < *b; break;
    case P::sle: r = *a <= *b; break;
    case P::sgt: r = *a > *b; break;
    case P::sge: r = *a >= *b; break;
    case P::ult: r = ua < ub; break;
    case P::ule: r = ua <= ub; break;
    case P::ugt: r = ua > ub; break;
    case P::uge: r = ua >= ub; break;
  }
  return s.set(boolValue(r));
}

mlir::LogicalResult constant(ArithStep &s, mlir::arith::ConstantOp op) {
  ScalarType type = s.resultType();
  if (auto attr = op.getValue().dyn_cast<mlir::IntegerAttr>(); attr && !type.isFloat)
    return s.set(normalizeInt(attr.getValue().getZExtValue(), type.width));
  if (auto attr = op.getValue().dyn_cast<mlir::FloatAttr>(); attr && type.isFloat) {
    llvm::APFloat value = attr.getValue();
    bool lost = false;
    // Exact for f16 and bf16: f32 holds both.
    value.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven, &lost);
    return s.set(value.convertToFloat());
  }
  return s.ctx.unsupported(op, "with this value");
}

std::string typeText(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return os.str();
}

/// select works on any value, tiles and tensors included.
mlir::LogicalResult select(mlir::arith::SelectOp op, ValueMap &values, ExecContext &ctx) {
  if (!op.getCondition().getType().isSignlessInteger(1))
    return ctx.unsupported(op, "with a condition of type " + typeText(op.getCondition().getType()));
  auto condition = intOperand(ctx, values, op, op.getCondition());
  if (!condition) return mlir::failure();
  mlir::Value chosen = *condition ? op.getTrueValue() : op.getFalseValue();
  auto it = values.find(chosen);
  if (it == values.end()) return ctx.fail(op, "internal error: an operand has no value");
  RuntimeValue value = it->second;
  values[op.getResult()] = std::move(value);
  return mlir::success();
}

}  // namespace

mlir::LogicalResult executeArithOp(mlir::Operation &op, ValueMap &values, ExecContext &ctx) {
  if (auto s = llvm::dyn_cast<mlir::arith::SelectOp>(op)) return select(s, values, ctx);
  for (mlir::Type type : op.getOperandTypes())
    if (!scalarTypeOf(type)) return ctx.unsupported(&op, "on values of type " + typeText(type));
  for (mlir::Type type : op.getResultTypes())
    if (!scalarTypeOf(type)) return ctx.unsupported(&op, "on values of type " + typeText(type));

  ArithStep step{op, values, ctx};
  if (auto c = llvm::dyn_cast<mlir::arith::ConstantOp>(op)) return constant(step, c);
  if (auto c = llvm::dyn_cast<mlir::arith::CmpIOp>(op)) return compareInt(step, c);
  if (auto kind = intOpOf(op)) return intBinary(step, *kind);
  if (auto result = arith_detail::executeFloatOrCast(step)) return *result;
  return ctx.unsupported(&op);
}

}  // namespace kiln::reference
