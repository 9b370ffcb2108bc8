#include "worker/backends/nvidia/toolchain/ptxas_driver.h"

#include "worker/backends/nvidia/toolchain/gpu_arch.h"
#include "worker/backends/nvidia/toolchain/nvidia_diagnostics.h"

namespace kiln::nvidia {

PtxasDiscovery PtxasDriver::discover(PtxasConfig config) {
  return toolchain::discoverDriver<PtxasDriver>("ptxas", std::move(config));
}

std::vector<std::string> PtxasDriver::arguments(const std::string &arch, const PtxasOptions &options) {
  std::vector<std::string> args = {"-arch=" + arch};
  if (options.verbose) args.push_back("-v");
  if (options.opt_level != PtxasOptions{}.opt_level) args.push_back("-O" + std::to_string(options.opt_level));
  if (options.line_info) args.push_back("-lineinfo");
  if (options.debug) args.push_back("-g");
  if (!options.fmad) args.push_back("--fmad=false");
  if (options.reg_alloc_opt_level >= 0) args.push_back("--regAllocOptLevel=" + std::to_string(options.reg_alloc_opt_level));
  args.insert(args.end(), {"-o", "kernel.cubin", "kernel.ptx"});
  return args;
}

std::string PtxasDriver::infoLines(std::string_view output) {
  std::string out;
  bool in_info = false;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    if (end == std::string_view::npos) end = output.size();
    std::string_view line = output.substr(start, end - start);
    start = end + 1;
    if (line.rfind("ptxas info", 0) == 0)
      in_info = true;
    else if (!(in_info && !line.empty() && (line[0] == ' ' || line[0] == '\t')))
      in_info = false;
    if (in_info) out.append(line).append("\n");
  }
  return out;
}

PtxasResult PtxasDriver::assemble(const PtxasJob &job) const {
  PtxasResult result;
  if (std::optional<Diagnostic> bad = checkArch(job.arch, "ptxas")) {
    result.identity = identity();
    result.diagnostics.push_back(std::move(*bad));
    return result;
  }
  static_cast<toolchain::ToolRun &>(result) =
      tool_.run({job.ptx, "kernel.ptx", "PTX", "kernel.cubin", arguments(job.arch, job.options), parseNvidiaOutput});
  result.resources = parsePtxasResourceUsage(result.output);
  return result;
}

}  // namespace kiln::nvidia
