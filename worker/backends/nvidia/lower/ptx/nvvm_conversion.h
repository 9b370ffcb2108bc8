// Step 1 of the built-in back end: gpu.module -> LLVM dialect + NVVM.
#pragma once

#include "mlir/Dialect/GPU/IR/GPUDialect.h"

namespace kiln::lower {

/// Converts scf/cf/arith/math/memref/func/gpu ops in `module` to the LLVM
/// and NVVM dialects, with 64-bit indices and bare-pointer memref arguments.
mlir::LogicalResult lowerGpuModuleToNvvm(mlir::gpu::GPUModuleOp module);

}  // namespace kiln::lower
