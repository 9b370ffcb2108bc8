#include "worker/oracle/pto/pto_check.h"

#include "worker/oracle/checks/plan_oracle.h"
#include "worker/oracle/pto/pto_frontend.h"

namespace kiln::oracle {

PtoCheck checkPtoSource(const SourceFile &source, const DeviceSpec &device) {
  PtoReadResult pto = readPto(source.text, source.name);
  PtoCheck out;
  out.read_errors = std::move(pto.diagnostics);
  for (plan::KernelPlan &plan : pto.functions) {
    plan.target = device.name;
    std::vector<Diagnostic> found = checkPlan(plan, device);
    out.findings.insert(out.findings.end(), found.begin(), found.end());
  }
  out.plans = std::move(pto.functions);
  return out;
}

}  // namespace kiln::oracle
