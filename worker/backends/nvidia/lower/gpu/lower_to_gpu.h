// Lowers one Tile IR kernel to a gpu.func of upstream MLIR (scf, memref,
// arith, math, gpu) that implements it with the planner's shared-memory
// buffers. Both NVIDIA paths start from this function: the built-in one
// through NVVM to PTX, the CUDA C one by printing it as CUDA C. One lowering
// for both is what guarantees the two kernels mean the same.
//
// Execution model: one thread block per grid point, `block_threads` threads;
// every tile lives in shared memory at its planned offset; each tile op is a
// loop in which thread t handles elements t, t + T, ... (rows or columns for
// reductions and softmax), followed by a barrier.
#pragma once

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "worker/plan/planner.h"

namespace kiln::lower {

/// Appends gpu.func @<kernel> (and its shared-memory global) to `into`.
/// Errors are emitted as MLIR diagnostics at the offending op.
mlir::LogicalResult lowerKernelToGpu(mlir::func::FuncOp kernel, const plan::PlanResult &plan,
                                     mlir::gpu::GPUModuleOp into);

/// The dialects the lowered code uses, for the context that holds it.
void registerGpuLoweringDialects(mlir::DialectRegistry &registry);

}  // namespace kiln::lower
