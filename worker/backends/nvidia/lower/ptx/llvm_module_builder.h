// Step 2 of the built-in back end: an NVVM-dialect gpu.module becomes an
// llvm::Module with libdevice linked in and optimized for one NVPTX target.
#pragma once

#include <memory>
#include <string>

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"

namespace kiln::lower {

/// The NVPTX target machine for `arch` (sm_75 .. sm_90), or null with `error`.
std::unique_ptr<llvm::TargetMachine> createNvptxTargetMachine(const std::string &arch,
                                                              std::string &error);

/// Translates, links libdevice's functions that the module calls, internalizes
/// them, and runs LLVM's O`optLevel` pipeline. Null with `error` on failure.
std::unique_ptr<llvm::Module> buildLlvmModule(mlir::gpu::GPUModuleOp module,
                                              llvm::LLVMContext &context,
                                              llvm::TargetMachine &machine,
                                              const std::string &libdevicePath, int optLevel,
                                              std::string &error);

}  // namespace kiln::lower
