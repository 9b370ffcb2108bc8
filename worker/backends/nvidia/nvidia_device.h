// The oracle's view of an NVIDIA target, with the configuration's overrides
// applied: the limits kiln's planner planned within, and the limits a PTX
// input is checked against. MLIR-free.
#pragma once

#include "worker/oracle/device/device_spec.h"
#include "worker/plan/nvidia_targets.h"

namespace kiln::nvidia {

oracle::DeviceSpec deviceSpecFor(const plan::NvidiaTarget &target);

}  // namespace kiln::nvidia
