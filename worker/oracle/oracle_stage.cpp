#include "worker/oracle/oracle_stage.h"

namespace kiln {

bool applyOracleFindings(std::vector<Diagnostic> findings, oracle::OracleMode mode, CompileResult &result) {
  if (mode == oracle::OracleMode::kOff) {
    result.oracle_verdict = OracleVerdict::kOff;
    return true;
  }
  bool errors = hasErrors(findings);
  result.oracle_verdict = findings.empty()                                 ? OracleVerdict::kClean
                          : errors && mode == oracle::OracleMode::kError ? OracleVerdict::kErrors
                                                                         : OracleVerdict::kWarnings;
  findings = oracle::applyMode(std::move(findings), mode);
  result.diagnostics.insert(result.diagnostics.end(), findings.begin(), findings.end());
  return !hasErrors(findings);
}

bool runOracleStage(const std::vector<plan::KernelPlan> &plans, const oracle::DeviceSpec &device,
                    oracle::OracleMode mode, CompileResult &result) {
  std::vector<Diagnostic> findings;
  if (mode != oracle::OracleMode::kOff)
    for (const plan::KernelPlan &plan : plans) {
      std::vector<Diagnostic> found = oracle::checkPlan(plan, device);
      findings.insert(findings.end(), found.begin(), found.end());
    }
  return applyOracleFindings(std::move(findings), mode, result);
}

}  // namespace kiln
