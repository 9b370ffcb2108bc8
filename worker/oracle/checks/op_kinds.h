// What the oracle knows about an op by its name, for Tile IR ops
// ("tile.add") and PTO ops ("pto.tadd") alike: whether it is elementwise
// vector work or a matmul, and which of its operands plays which matmul role.
#pragma once

#include <string_view>

#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

enum class OpKind {
  kOther,             // data movement, reductions, opaque ops: no rules
  kElementwise,       // every operand and the result the same shape
  kFloatElementwise,  // the same, float dtypes only (exp, log, sqrt, ...)
  kMatmul,
};

OpKind classifyOp(std::string_view name);

/// Indices into a matmul's operands (lhs, rhs, acc_in, bias) and results
/// (result); -1 where the op has no such operand.
struct MatmulRoles {
  int lhs = -1, rhs = -1, acc_in = -1, bias = -1, result = -1;
};
MatmulRoles matmulRoles(const plan::PlannedOp &op);

bool isFloat(plan::DType dtype);

}  // namespace kiln::oracle
