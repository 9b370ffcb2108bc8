#include "worker/plan/plan_for_target.h"

#include "worker/plan/ascend_planner.h"

namespace kiln::plan {

PlanResult planForDevice(mlir::func::FuncOp kernel, const oracle::DeviceSpec &device,
                         const PlannerConfig &config) {
  if (device.isAscend()) return planKernelForAscend(kernel, device, config);
  // The spec's numbers (with the user's overrides) are the ones to plan in.
  NvidiaTargetOverrides overrides;
  overrides.max_shared_per_block = device.max_shared_per_block;
  overrides.static_shared_limit = device.static_shared_limit;
  std::optional<NvidiaTarget> target = findNvidiaTarget(device.name, overrides);
  if (!target) {
    PlanResult result;
    Diagnostic d;
    d.message = "kiln has no planner for target '" + device.name + "'";
    result.diagnostics.push_back(d);
    return result;
  }
  return planKernel(kernel, *target, config);
}

}  // namespace kiln::plan
