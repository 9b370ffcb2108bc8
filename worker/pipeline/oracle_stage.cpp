#include "worker/pipeline/oracle_stage.h"

namespace kiln {

oracle::DeviceSpec deviceSpecFor(const plan::NvidiaTarget &target) {
  oracle::DeviceSpec spec = oracle::findDeviceSpec(target.arch).value_or(oracle::DeviceSpec{});
  spec.name = target.arch;
  spec.vendor = "nvidia";
  spec.static_shared_limit = target.static_shared_limit;
  spec.max_shared_per_block = target.max_shared_per_block;
  spec.spaces = {{plan::MemorySpace::kShared, target.max_shared_per_block, 16, true}};
  return spec;
}

bool runOracleStage(const std::vector<plan::KernelPlan> &plans, const oracle::DeviceSpec &device,
                    oracle::OracleMode mode, CompileResult &result) {
  if (mode == oracle::OracleMode::kOff) {
    result.oracle_verdict = OracleVerdict::kOff;
    return true;
  }
  std::vector<Diagnostic> findings;
  for (const plan::KernelPlan &plan : plans) {
    std::vector<Diagnostic> found = oracle::checkPlan(plan, device);
    findings.insert(findings.end(), found.begin(), found.end());
  }
  bool errors = hasErrors(findings);
  result.oracle_verdict = findings.empty()                                 ? OracleVerdict::kClean
                          : errors && mode == oracle::OracleMode::kError ? OracleVerdict::kErrors
                                                                         : OracleVerdict::kWarnings;
  findings = oracle::applyMode(std::move(findings), mode);
  result.diagnostics.insert(result.diagnostics.end(), findings.begin(), findings.end());
  return !hasErrors(findings);
}

}  // namespace kiln
