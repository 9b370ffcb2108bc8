// The CUDA C back end: prints a lowered gpu.module (lower/gpu) as CUDA C,
// one extern "C" __global__ function per kernel, for nvcc to compile. The
// source follows the lowered code statement by statement, with a comment
// naming the Tile IR op and its location wherever a new op starts.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "core/diagnostic.h"

namespace kiln::lower {

struct CudaSource {
  std::string text;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !text.empty() && !hasErrors(diagnostics); }
};

/// `blockThreads` gives each kernel's block size, for __launch_bounds__.
CudaSource emitCudaSource(mlir::gpu::GPUModuleOp module,
                          const std::map<std::string, int> &blockThreads);

}  // namespace kiln::lower
