// Inlines every helper function into the kernels that call it, so that the
// planner sees each kernel as one body. Helpers that nothing calls any more
// are erased.
#pragma once

#include "mlir/IR/BuiltinOps.h"

namespace kiln::plan {

mlir::LogicalResult inlineHelpers(mlir::ModuleOp module);

}  // namespace kiln::plan
