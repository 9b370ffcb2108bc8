#include "worker/backends/nvidia/toolchain/ptxas_driver.h"

#include "worker/backends/nvidia/toolchain/gpu_arch.h"
#include "worker/backends/nvidia/toolchain/nvidia_diagnostics.h"

namespace kiln::nvidia {

PtxasDiscovery PtxasDriver::discover(PtxasConfig config) {
  toolchain::ToolDriver::Discovery found = toolchain::ToolDriver::discover("ptxas", std::move(config));
  PtxasDiscovery result;
  result.diagnostics = std::move(found.diagnostics);
  if (found.driver) result.driver.emplace(PtxasDriver(std::move(*found.driver)));
  return result;
}

std::vector<std::string> PtxasDriver::arguments(const std::string &arch) {
  return {"-arch=" + arch, "-v", "-o", "kernel.cubin", "kernel.ptx"};
}

PtxasResult PtxasDriver::assemble(const PtxasJob &job) const {
  PtxasResult result;
  if (std::optional<Diagnostic> bad = checkArch(job.arch, "ptxas")) {
    result.identity = identity();
    result.diagnostics.push_back(std::move(*bad));
    return result;
  }
  static_cast<toolchain::ToolRun &>(result) =
      tool_.run({job.ptx, "kernel.ptx", "PTX", "kernel.cubin", arguments(job.arch), parseNvidiaOutput});
  result.resources = parsePtxasResourceUsage(result.output);
  return result;
}

}  // namespace kiln::nvidia
