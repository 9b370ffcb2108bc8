// Everything a NVIDIA compile does before a toolchain runs: front end,
// helper inlining, planning and lowering to one gpu.module. Worker-internal.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "worker/pipeline/compile.h"
#include "worker/pipeline/module_loader.h"
#include "worker/plan/memory_plan.h"

namespace kiln {

struct NvidiaLowering {
  LoadedModule loaded;  // the Tile IR module and its context
  mlir::OwningOpRef<mlir::ModuleOp> holder;
  mlir::gpu::GPUModuleOp gpu;  // one gpu.func per kernel
  plan::NvidiaTarget target;
  std::vector<plan::KernelPlan> plans;
  std::map<std::string, int> block_threads;  // per kernel
};

/// Appends diagnostics and timings to `result`; false when it failed.
bool lowerForNvidia(const CompileRequest &request, const CompileConfig &config,
                    CompileResult &result, NvidiaLowering &out);

}  // namespace kiln
