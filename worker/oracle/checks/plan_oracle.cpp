#include "worker/oracle/checks/plan_oracle.h"

#include <algorithm>
#include <tuple>

#include "worker/oracle/checks/plan_accesses.h"

namespace kiln::oracle {

std::vector<Diagnostic> checkPlan(const plan::KernelPlan &plan, const DeviceSpec &device) {
  std::vector<Diagnostic> out;
  auto append = [&out](std::vector<Diagnostic> found) {
    out.insert(out.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
  };
  PlanAccesses accesses = indexAccesses(plan);
  append(checkSpaces(plan, device));
  append(checkOpConstraints(plan, device, accesses));
  append(checkAliasing(plan, accesses));
  append(checkDataflow(plan, accesses));
  append(checkGlobalBounds(plan));
  // Source order reads best, as a compiler reports; the sort is stable so
  // the notes' order and one line's findings keep their check order.
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic &a, const Diagnostic &b) {
    return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
  });
  return out;
}

std::vector<Diagnostic> applyMode(std::vector<Diagnostic> findings, OracleMode mode) {
  if (mode == OracleMode::kOff) return {};
  if (mode == OracleMode::kWarn)
    for (Diagnostic &d : findings)
      if (d.severity == Severity::kError) d.severity = Severity::kWarning;
  return findings;
}

}  // namespace kiln::oracle
