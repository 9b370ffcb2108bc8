#include "worker/backends/ascend/toolchain/ptoas_driver.h"

#include "worker/backends/ascend/toolchain/ascend_diagnostics.h"
#include "worker/backends/ascend/toolchain/cann_layout.h"
#include "worker/backends/ascend/toolchain/target_flag_checks.h"

namespace kiln::ascend {
namespace {

std::optional<Diagnostic> refuse(const PtoasJob &job) {
  if (std::optional<Diagnostic> bad = checkTarget(job.target, "ptoas")) return bad;
  Diagnostic d;
  d.tool = "ptoas";
  if (job.target->pto_arch.empty()) {
    d.message = "target " + job.target->name + " has no PTO arch: ptoas does not compile for it";
    return d;
  }
  // Level 1 is ptoas' own front door for hand-written PTO; kiln emits 3
  // (addresses from its planner) or 2 (ptoas plans them).
  if (job.level != 2 && job.level != 3) {
    d.message = "PTO level " + std::to_string(job.level) + " is not one kiln emits (2 or 3)";
    return d;
  }
  return std::nullopt;
}

}  // namespace

PtoasConfig defaultPtoasConfig() { return PtoasConfig{}; }

PtoasDiscovery PtoasDriver::discover(PtoasConfig config) {
  if (!config.search) config.search = ptoasSearch(ascendEnvironmentFromProcess());
  // PTOAS prints no version of its own that is known (UNVERIFIED); an MLIR
  // tool prints its LLVM version. The SHA-256 tells builds apart.
  config.identity.parse_version = toolchain::parseLenientVersion;
  return toolchain::discoverDriver<PtoasDriver>("ptoas", std::move(config));
}

std::vector<std::string> PtoasDriver::arguments(const PtoasJob &job) {
  if (refuse(job)) return {};
  // --enable-insert-sync: ptoas places the set_flag/wait_flag pairs between
  // pipes; kiln's PTO carries none of its own.
  return {std::string(kGeneratedPto), "-o", std::string(kGeneratedCpp), "--pto-arch=" + job.target->pto_arch,
          "--pto-level=level" + std::to_string(job.level), "--enable-insert-sync"};
}

toolchain::ToolRun PtoasDriver::compile(const PtoasJob &job) const {
  if (std::optional<Diagnostic> bad = refuse(job)) {
    toolchain::ToolRun refused;
    refused.identity = identity();
    refused.diagnostics.push_back(std::move(*bad));
    return refused;
  }
  toolchain::ToolRun run =
      tool_.run({job.pto, std::string(kGeneratedPto), "PTO", std::string(kGeneratedCpp), arguments(job), parseAscendOutput});
  run.diagnostics = job.client_source.empty()
                        ? mapToSource(std::move(run.diagnostics), job.pto)
                        : renameToSource(std::move(run.diagnostics), kGeneratedPto, job.client_source);
  return run;
}

}  // namespace kiln::ascend
