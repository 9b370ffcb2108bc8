// The safety oracle as a stage of a compile: every kernel's plan is checked
// on the target's DeviceSpec, and the request's mode decides what the
// findings do (plan_oracle.h). MLIR-free.
#pragma once

#include <vector>

#include "worker/oracle/checks/plan_oracle.h"
#include "worker/oracle/device/device_spec.h"
#include "worker/pipeline/compile.h"
#include "worker/plan/memory_plan.h"
#include "worker/plan/nvidia_targets.h"

namespace kiln {

/// The oracle's view of an NVIDIA target, with the configuration's
/// overrides applied (the limits the planner planned within).
oracle::DeviceSpec deviceSpecFor(const plan::NvidiaTarget &target);

/// Appends the findings to `result` and sets its oracle_verdict ("clean",
/// "warnings", "errors" or "off"); false when they fail the compile.
bool runOracleStage(const std::vector<plan::KernelPlan> &plans, const oracle::DeviceSpec &device,
                    oracle::OracleMode mode, CompileResult &result);

}  // namespace kiln
