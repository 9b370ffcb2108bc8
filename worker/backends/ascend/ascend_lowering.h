// Everything an Ascend compile does before code is written: front end,
// helper inlining, the Ascend plan of each kernel and the safety oracle on
// exactly those plans. Both emitters start from the result, so the plan
// the oracle passed is the plan the code uses. Worker-internal.
#pragma once

#include <memory>
#include <vector>

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/ascend_toolchains.h"
#include "worker/backends/ascend/lower/kernel_phases.h"
#include "worker/backends/ascend/lower/launch_bounds.h"
#include "worker/backends/ascend/lower/kernel_to_lower.h"
#include "worker/backends/backend.h"
#include "worker/ir/module_loader.h"

namespace kiln::ascend {

/// The kernels of a module planned one way, in module order; kernels[i].plan
/// points into plans.
struct PlannedKernels {
  std::vector<std::unique_ptr<plan::PlanResult>> plans;
  std::vector<lower::KernelToLower> kernels;
};

struct AscendLowering {
  LoadedModule loaded;  // the Tile IR module and its context
  AscendTarget target;
  // The AscendC emitter needs AscendC's own placement (InitBuffer order);
  // PTO at level 3 takes kiln's tighter liveness placement. Each is planned
  // only when an emit asks for it, and the oracle checks every plan made.
  PlannedKernels for_ascendc;
  PlannedKernels for_pto;
  // The mixed kernels split into phases (which the module holds instead).
  std::vector<lower::SplitKernel> split;
};

enum class Lowered {
  kDone,      // `out` holds the planned kernels
  kFailed,    // diagnostics in `result` say why
  kAnswered,  // hooks.after_parse answered with `result` (a cache hit)
};

/// Appends diagnostics and timings to `result`. MLIR diagnostics emitted
/// later in out.loaded.context (by the emitters) are the caller's to collect.
Lowered lowerForAscend(const CompileRequest &request, const Config &config, const CompileHooks &hooks,
                       CompileResult &result, AscendLowering &out);

/// The placement the AscendC emitter needs; `kiln check --target ascend...`
/// checks this plan, the one the AscendC code uses.
plan::PlannerConfig ascendCPlannerConfig();

}  // namespace kiln::ascend
