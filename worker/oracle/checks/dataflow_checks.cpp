// oracle.dead-tile and oracle.layout: following each tile from the op that
// writes it to the ops that read it.
#include "worker/oracle/checks/plan_accesses.h"
#include "worker/oracle/checks/plan_findings.h"
#include "worker/oracle/checks/plan_oracle.h"

namespace kiln::oracle {
namespace {

using plan::Buffer;
using plan::PlannedOp;

const std::string &layoutAt(const Buffer &b, const std::vector<std::string> &layouts, int slot) {
  return slot < static_cast<int>(layouts.size()) && !layouts[slot].empty() ? layouts[slot] : b.layout;
}

/// Written and never read: the work that wrote it is wasted, or (more often)
/// a later op reads the wrong tile. A warning, as compilers warn on unused
/// variables.
void deadTiles(const plan::KernelPlan &plan, const PlanAccesses &accesses, FindingSink &sink) {
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    std::span<const Access> list = accesses.of(static_cast<int>(i));
    const Access *firstWrite = nullptr;
    bool read = false;
    for (const Access &a : list) {
      if (a.write && !firstWrite) firstWrite = &a;
      read = read || !a.write;
    }
    if (!firstWrite || read) continue;
    const PlannedOp &writer = plan.ops[firstWrite->op];
    sink.add(finding(writer.loc, Severity::kWarning, "oracle.dead-tile",
                     tileName(plan.buffers[i]) + " is written by " + writer.name + " but never read"));
  }
}

/// Each read sees the layout of the last write before it; a conversion op
/// is simply a write in the new layout.
void layouts(const plan::KernelPlan &plan, const PlanAccesses &accesses, FindingSink &sink) {
  for (size_t i = 0; i < plan.buffers.size(); ++i) {
    const Buffer &b = plan.buffers[i];
    const Access *lastWrite = nullptr;
    for (const Access &a : accesses.of(static_cast<int>(i))) {
      const PlannedOp &op = plan.ops[a.op];
      if (a.write) {
        lastWrite = &a;
        continue;
      }
      if (!lastWrite) continue;
      const PlannedOp &writer = plan.ops[lastWrite->op];
      const std::string &wrote = layoutAt(b, writer.result_layouts, lastWrite->slot);
      const std::string &reads = layoutAt(b, op.operand_layouts, a.slot);
      if (wrote == reads) continue;
      Diagnostic d = finding(op.loc, Severity::kError, "oracle.layout",
                             op.name + " reads " + tileName(b) + " as " + reads + ", but " + writer.name +
                                 " wrote it as " + wrote + " and nothing converts it in between");
      d.notes.push_back(noteAt(writer.loc, tileName(b) + " is written as " + wrote + " here"));
      sink.add(std::move(d));
    }
  }
}

}  // namespace

std::vector<Diagnostic> checkDataflow(const plan::KernelPlan &plan) { return checkDataflow(plan, indexAccesses(plan)); }

std::vector<Diagnostic> checkDataflow(const plan::KernelPlan &plan, const PlanAccesses &accesses) {
  std::vector<Diagnostic> out;
  {
    FindingSink dead(out, "oracle.dead-tile"), layout(out, "oracle.layout");
    deadTiles(plan, accesses, dead);
    layouts(plan, accesses, layout);
  }
  return out;
}

}  // namespace kiln::oracle
