// oracle.constant-oob for Tile IR: a tile.load or tile.store whose tile
// coordinate is a constant outside the memref. The spec leaves run-time
// indices to the kernel; constant ones are known now, and the generated
// code would read or write past the buffer without a word from nvcc or
// ptxas.
#include "worker/oracle/checks/plan_findings.h"
#include "worker/oracle/checks/plan_oracle.h"

namespace kiln::oracle {

std::vector<Diagnostic> checkGlobalBounds(const plan::KernelPlan &plan) {
  std::vector<Diagnostic> out;
  FindingSink sink(out, "oracle.constant-oob");
  for (const plan::PlannedOp &op : plan.ops) {
    if (!op.global) continue;
    const plan::GlobalAccess &access = *op.global;
    for (size_t d = 0; d < access.constant_index.size() && d < access.tile_counts.size(); ++d) {
      const std::optional<int64_t> &index = access.constant_index[d];
      int64_t count = access.tile_counts[d];
      if (!index || (*index >= 0 && *index < count)) continue;
      std::string message = op.name + (access.write ? " writes" : " reads") + " tile " + std::to_string(*index) +
                            " along index " + std::to_string(d) + " of " + access.memref + ", which holds " +
                            std::to_string(count) + (count == 1 ? " tile" : " tiles") + " along it (0.." +
                            std::to_string(count - 1) + ")";
      sink.add(finding(op.loc, Severity::kError, "oracle.constant-oob", message));
    }
  }
  return out;
}

}  // namespace kiln::oracle
