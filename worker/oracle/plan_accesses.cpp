#include "worker/oracle/plan_accesses.h"

namespace kiln::oracle {

PlanAccesses indexAccesses(const plan::KernelPlan &plan) {
  PlanAccesses out;
  out.of.resize(plan.buffers.size());
  for (size_t i = 0; i < plan.buffers.size(); ++i) out.index_of.emplace(plan.buffers[i].id, static_cast<int>(i));
  for (size_t op = 0; op < plan.ops.size(); ++op) {
    const plan::PlannedOp &planned = plan.ops[op];
    // An op reads its operands before it writes its results.
    for (size_t slot = 0; slot < planned.operands.size(); ++slot)
      if (int index = out.indexOf(planned.operands[slot]); index >= 0)
        out.of[index].push_back({static_cast<int>(op), false, static_cast<int>(slot)});
    for (size_t slot = 0; slot < planned.results.size(); ++slot)
      if (int index = out.indexOf(planned.results[slot]); index >= 0)
        out.of[index].push_back({static_cast<int>(op), true, static_cast<int>(slot)});
  }
  return out;
}

}  // namespace kiln::oracle
