#include "worker/oracle/checks/plan_accesses.h"

namespace kiln::oracle {

namespace {

/// Calls visit(buffer index, access) for every access in op order; an op
/// reads its operands before it writes its results.
template <typename Visit>
void eachAccess(const plan::KernelPlan &plan, const PlanAccesses &index, Visit visit) {
  for (size_t op = 0; op < plan.ops.size(); ++op) {
    const plan::PlannedOp &planned = plan.ops[op];
    for (size_t slot = 0; slot < planned.operands.size(); ++slot)
      if (int i = index.indexOf(planned.operands[slot]); i >= 0)
        visit(i, Access{static_cast<int>(op), false, static_cast<int>(slot)});
    for (size_t slot = 0; slot < planned.results.size(); ++slot)
      if (int i = index.indexOf(planned.results[slot]); i >= 0)
        visit(i, Access{static_cast<int>(op), true, static_cast<int>(slot)});
  }
}

}  // namespace

PlanAccesses indexAccesses(const plan::KernelPlan &plan) {
  PlanAccesses out;
  size_t n = plan.buffers.size();
  for (size_t i = 0; i < n && out.dense; ++i) out.dense = plan.buffers[i].id == static_cast<int>(i);
  if (!out.dense)
    for (size_t i = 0; i < n; ++i) out.index_of.emplace(plan.buffers[i].id, static_cast<int>(i));
  // Counting sort by buffer: count, prefix sums, then place in op order.
  out.start.assign(n + 1, 0);
  eachAccess(plan, out, [&](int i, const Access &) { ++out.start[i + 1]; });
  for (size_t i = 0; i < n; ++i) out.start[i + 1] += out.start[i];
  out.flat.resize(out.start[n]);
  std::vector<size_t> next(out.start.begin(), out.start.end() - 1);
  eachAccess(plan, out, [&](int i, const Access &a) { out.flat[next[i]++] = a; });
  return out;
}

}  // namespace kiln::oracle
