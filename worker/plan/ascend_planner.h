// Plans one Tile IR kernel into an Ascend AI core's on-chip buffers, for the
// safety oracle (kiln has no Ascend code generator yet): matmul operands in
// L0A/L0B with the result in L0C, tiles loaded only for the cube in L1, and
// vector work in UB. A tile needed in another space than its own gets a copy
// there, filled by a move op just before its reader, as the hardware's
// MTE/fixpipe moves do. Capacities and alignments come from the DeviceSpec.
#pragma once

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/oracle/device/device_spec.h"
#include "worker/plan/planner.h"

namespace kiln::plan {

/// `kernel` must have its helper calls inlined. A kernel that does not fit
/// fails with a capacity diagnostic at the op where the space overflows.
PlanResult planKernelForAscend(mlir::func::FuncOp kernel, const oracle::DeviceSpec &device,
                               const PlannerConfig &config = {});

}  // namespace kiln::plan
