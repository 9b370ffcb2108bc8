// Who reads and writes each buffer of a plan, in op order: the shared input
// of the checks that reason about time (aliasing, linear-use, dead tiles,
// layouts). Buffer ids an op names that the plan lacks are ignored, so a
// malformed plan cannot index out of range.
#pragma once

#include <unordered_map>
#include <vector>

#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

struct Access {
  int op = 0;          // index into KernelPlan::ops
  bool write = false;  // a read otherwise
  int slot = 0;        // index into the op's operands (read) or results (write)
};

struct PlanAccesses {
  std::unordered_map<int, int> index_of;  // Buffer::id -> index into buffers
  std::vector<std::vector<Access>> of;    // per buffer index, in op order, reads before writes
  int indexOf(int id) const {
    auto it = index_of.find(id);
    return it == index_of.end() ? -1 : it->second;
  }
};

PlanAccesses indexAccesses(const plan::KernelPlan &plan);

}  // namespace kiln::oracle
