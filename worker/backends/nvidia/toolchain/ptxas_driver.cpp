#include "worker/backends/nvidia/toolchain/ptxas_driver.h"

#include "worker/backends/nvidia/toolchain/gpu_arch.h"
#include "worker/backends/nvidia/toolchain/nvidia_diagnostics.h"

namespace kiln::nvidia {

PtxasDiscovery PtxasDriver::discover(PtxasConfig config) {
  return toolchain::discoverDriver<PtxasDriver>("ptxas", std::move(config));
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
