// One entry for "plan this kernel for that device": the NVIDIA shared-memory
// planner or the Ascend buffer planner, chosen by the DeviceSpec's vendor.
#pragma once

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/oracle/device/device_spec.h"
#include "worker/plan/planner.h"

namespace kiln::plan {

PlanResult planForDevice(mlir::func::FuncOp kernel, const oracle::DeviceSpec &device,
                         const PlannerConfig &config = {});

}  // namespace kiln::plan
