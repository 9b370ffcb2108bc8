// Building oracle test plans by hand: tiles, ops, and live ranges from
// first to last access, as the PTO front end computes them.
#pragma once

#include <climits>
#include <string>
#include <vector>

#include "worker/oracle/checks/plan_oracle.h"

namespace kiln::oracle::plan_test {

using plan::Buffer;
using plan::DType;
using plan::KernelPlan;
using plan::MemorySpace;
using plan::PlannedOp;

/// A plan under construction; each op is at its own position and line.
struct PlanBuilder {
  KernelPlan plan;

  int tile(const std::string &name, MemorySpace space, int64_t offset, int64_t rows, int64_t cols,
           DType dtype = DType::kF16, const std::string &layout = "row_major") {
    Buffer b;
    b.id = static_cast<int>(plan.buffers.size());
    b.name = name;
    b.space = space;
    b.offset = offset;
    b.rows = rows;
    b.cols = cols;
    b.dtype = dtype;
    b.bytes = rows * cols * plan::dtypeBytes(dtype);
    b.layout = layout;
    b.loc = {"t.pto", static_cast<unsigned>(100 + b.id), 3};
    plan.buffers.push_back(b);
    return b.id;
  }
  PlannedOp &op(const std::string &name, std::vector<int> reads, std::vector<int> writes) {
    PlannedOp o;
    o.position = static_cast<int>(plan.ops.size());
    o.name = name;
    o.operands = std::move(reads);
    o.results = std::move(writes);
    o.loc = {"t.pto", static_cast<unsigned>(o.position + 1), 5};
    plan.ops.push_back(o);
    return plan.ops.back();
  }
  /// Live ranges from first to last access, as the PTO front end computes.
  KernelPlan done() {
    for (Buffer &b : plan.buffers) {
      b.live_begin = INT32_MAX;
      b.live_end = -1;
    }
    for (const PlannedOp &o : plan.ops)
      for (const auto *ids : {&o.operands, &o.results})
        for (int id : *ids) {
          plan.buffers[id].live_begin = std::min(plan.buffers[id].live_begin, o.position);
          plan.buffers[id].live_end = std::max(plan.buffers[id].live_end, o.position);
          if (plan.buffers[id].defined_by.empty() && ids == &o.results) plan.buffers[id].defined_by = o.name;
        }
    return plan;
  }
};

inline DeviceSpec ascend() { return *findDeviceSpec("ascend910b2"); }

inline std::vector<std::string> codes(const std::vector<Diagnostic> &diagnostics) {
  std::vector<std::string> out;
  for (const Diagnostic &d : diagnostics) out.push_back(d.message.substr(0, d.message.find(']') + 1));
  return out;
}
using Codes = std::vector<std::string>;

}  // namespace kiln::oracle::plan_test
