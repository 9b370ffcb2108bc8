// The safety oracle as a stage of a compile: every kernel's plan is checked
// on the target's DeviceSpec, and the request's mode decides what the
// findings do (plan_oracle.h). MLIR-free.
#pragma once

#include <vector>

#include "core/compile_result.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/oracle/device/device_spec.h"
#include "worker/plan/memory_plan.h"

namespace kiln {

/// Appends the findings to `result` and sets its oracle_verdict ("clean",
/// "warnings", "errors" or "off"); false when they fail the compile.
bool runOracleStage(const std::vector<plan::KernelPlan> &plans, const oracle::DeviceSpec &device,
                    oracle::OracleMode mode, CompileResult &result);

/// The same for findings a source's own reader and checks made (PTX, PTO,
/// AscendC inputs): the mode applied, the verdict set, false when they fail
/// the compile. Under kOff the caller need not have checked at all.
bool applyOracleFindings(std::vector<Diagnostic> findings, oracle::OracleMode mode, CompileResult &result);

}  // namespace kiln
