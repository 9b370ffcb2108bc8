// Matches the caller's KernelArgs to a kernel's parameters: a HostTensor of
// the memref's element type, shape and byte size for each memref, a float
// for f32, an int32_t for i32 and an int64_t for index.
#pragma once

#include <vector>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/reference/runtime_value.h"
#include "llvm/ADT/SmallVector.h"

namespace kiln::reference {

/// Fills `bound` with one value per parameter, or reports every mismatch
/// (located at the parameter) into `diagnostics` and returns false.
bool bindArguments(mlir::func::FuncOp kernel, std::vector<KernelArg> &args,
                   llvm::SmallVectorImpl<RuntimeValue> &bound, std::vector<Diagnostic> &diagnostics);

}  // namespace kiln::reference
