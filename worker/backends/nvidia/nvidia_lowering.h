// Everything a NVIDIA compile does before a toolchain runs: front end,
// helper inlining, planning and lowering to one gpu.module. Worker-internal.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "core/compile_request.h"
#include "core/compile_result.h"
#include "worker/backends/backend.h"
#include "worker/backends/nvidia/nvidia_toolchains.h"
#include "worker/ir/module_loader.h"
#include "worker/plan/memory_plan.h"

namespace kiln::nvidia {

struct NvidiaLowering {
  LoadedModule loaded;  // the Tile IR module and its context
  mlir::OwningOpRef<mlir::ModuleOp> holder;
  mlir::gpu::GPUModuleOp gpu;  // one gpu.func per kernel
  plan::NvidiaTarget target;
  std::vector<plan::KernelPlan> plans;
  std::map<std::string, int> block_threads;  // per kernel
};

enum class Lowered {
  kDone,      // `out` holds the gpu.module
  kFailed,    // diagnostics in `result` say why
  kAnswered,  // hooks.after_parse answered with `result` (a cache hit)
};

/// Appends diagnostics and timings to `result`.
Lowered lowerForNvidia(const CompileRequest &request, const Config &config, const CompileHooks &hooks,
                       CompileResult &result, NvidiaLowering &out);

}  // namespace kiln::nvidia
