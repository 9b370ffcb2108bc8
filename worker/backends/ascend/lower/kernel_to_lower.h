// What both Ascend emitters (AscendC C++ and PTO-MLIR) start from: one
// Tile IR kernel, its helpers inlined, with the Ascend plan the oracle
// checked. The emitters place every tile where the plan says, so the plan
// the oracle passed is the plan the code uses.
#pragma once

#include <vector>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/plan/planner.h"

namespace kiln::ascend::lower {

struct KernelToLower {
  mlir::func::FuncOp func;
  const plan::PlanResult *plan = nullptr;  // plan->plan is the KernelPlan; buffer_of maps values
};

}  // namespace kiln::ascend::lower
