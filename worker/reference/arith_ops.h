// Executes one op of the upstream arith dialect on scalars: integers of up
// to 64 bits (index counts as 64) and f32/f16/bf16. Float results are
// computed in f32 and rounded to their type; integer results wrap to their
// width. Faults that MLIR leaves undefined (a zero divisor, a signed
// division overflow, a shift by the bit width or more) are located errors;
// float-to-integer conversions saturate and map NaN to 0.
#pragma once

#include "worker/reference/exec_context.h"

namespace kiln::reference {

mlir::LogicalResult executeArithOp(mlir::Operation &op, ValueMap &values, ExecContext &ctx);

}  // namespace kiln::reference
