// Shared by arith_ops.cpp (integer ops, dispatch) and arith_float_ops.cpp
// (float ops and conversions).
#pragma once

#include <optional>

#include "worker/reference/exec_context.h"
#include "worker/reference/scalar_types.h"

namespace kiln::reference::arith_detail {

/// One arith op being executed, with its operand and result types already
/// checked to be scalars the executor supports.
struct ArithStep {
  mlir::Operation &op;
  ValueMap &values;
  ExecContext &ctx;

  std::optional<int64_t> integer(unsigned k) { return intOperand(ctx, values, &op, op.getOperand(k)); }
  std::optional<float> real(unsigned k) { return floatOperand(ctx, values, &op, op.getOperand(k)); }
  ScalarType operandType(unsigned k) { return *scalarTypeOf(op.getOperand(k).getType()); }
  ScalarType resultType() { return *scalarTypeOf(op.getResult(0).getType()); }
  mlir::LogicalResult set(RuntimeValue value) {
    values[op.getResult(0)] = std::move(value);
    return mlir::success();
  }
  mlir::LogicalResult fail(const std::string &message) { return ctx.fail(&op, message); }
};

/// Handles the float ops and the conversions; std::nullopt when `step.op` is
/// none of them.
std::optional<mlir::LogicalResult> executeFloatOrCast(ArithStep &step);

/// The value an i1 holds for `b`.
inline int64_t boolValue(bool b) { return b ? -1 : 0; }

}  // namespace kiln::reference::arith_detail
