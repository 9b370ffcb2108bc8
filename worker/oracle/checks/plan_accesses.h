// Who reads and writes each buffer of a plan, in op order: the shared input
// of the checks that reason about time (aliasing, linear-use, dead tiles,
// layouts). Buffer ids an op names that the plan lacks are ignored, so a
// malformed plan cannot index out of range.
#pragma once

#include <span>
#include <unordered_map>
#include <vector>

#include "worker/oracle/device/device_spec.h"
#include "core/diagnostic.h"
#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

struct Access {
  int op = 0;          // index into KernelPlan::ops
  bool write = false;  // a read otherwise
  int slot = 0;        // index into the op's operands (read) or results (write)
};

struct PlanAccesses {
  bool dense = true;                      // Buffer::id == index, as every front end numbers them
  std::unordered_map<int, int> index_of;  // Buffer::id -> index, when not dense
  // One flat array, each buffer's accesses contiguous (in op order, reads
  // before writes): plans of 100k tiles stay in cache, unlike a vector each.
  std::vector<Access> flat;
  std::vector<std::size_t> start;  // buffer index -> first access in flat; one extra at the end

  std::span<const Access> of(int index) const { return {flat.data() + start[index], flat.data() + start[index + 1]}; }
  int indexOf(int id) const {
    if (dense) return id >= 0 && id + 1 < static_cast<int>(start.size()) ? id : -1;
    auto it = index_of.find(id);
    return it == index_of.end() ? -1 : it->second;
  }
};

PlanAccesses indexAccesses(const plan::KernelPlan &plan);

// The checks of plan_oracle.h with the index built once by checkPlan.
std::vector<Diagnostic> checkAliasing(const plan::KernelPlan &plan, const PlanAccesses &accesses);
std::vector<Diagnostic> checkOpConstraints(const plan::KernelPlan &plan, const DeviceSpec &device,
                                           const PlanAccesses &accesses);
std::vector<Diagnostic> checkDataflow(const plan::KernelPlan &plan, const PlanAccesses &accesses);

}  // namespace kiln::oracle
