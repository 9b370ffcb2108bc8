#include "worker/toolchain/ptxas_driver.h"

#include "worker/toolchain/gpu_arch.h"
#include "worker/toolchain/tool_invocation.h"

namespace kiln::toolchain {

PtxasDriver::PtxasDriver(PtxasConfig config, ToolIdentity identity)
    : config_(std::move(config)), identity_(std::move(identity)) {}

PtxasDiscovery PtxasDriver::discover(PtxasConfig config) {
  PtxasDiscovery result;
  ToolDiscovery found = discoverTool("ptxas", config.path_override, config.search, config.identity);
  result.diagnostics = std::move(found.diagnostics);
  if (found.identity) result.driver.emplace(PtxasDriver(std::move(config), std::move(*found.identity)));
  return result;
}

std::vector<std::string> PtxasDriver::arguments(const std::string &arch) {
  return {"-arch=" + arch, "-v", "-o", "kernel.cubin", "kernel.ptx"};
}

PtxasResult PtxasDriver::assemble(const PtxasJob &job) const {
  PtxasResult result;
  result.identity = identity_;
  if (std::optional<Diagnostic> bad =
          rejectJob("ptxas", job.arch, "kernel.ptx", "PTX", job.ptx.size(), config_.max_source_bytes)) {
    result.diagnostics.push_back(std::move(*bad));
    return result;
  }

  ToolInvocation invocation;
  invocation.tool = &identity_;
  invocation.args = arguments(job.arch);
  invocation.input_name = "kernel.ptx";
  invocation.input_text = job.ptx;
  invocation.output_name = "kernel.cubin";
  invocation.logical_names = {{"kernel.ptx", "kernel.ptx"}};
  invocation.timeout = config_.timeout;
  invocation.limits = config_.limits;
  invocation.max_output_bytes = config_.max_output_bytes;
  invocation.sandbox = config_.sandbox;
  InvocationOutcome outcome = runToolInvocation(invocation);

  result.cubin = std::move(outcome.artifact);
  result.diagnostics = std::move(outcome.diagnostics);
  result.resources = parsePtxasResourceUsage(outcome.output);
  result.wall_ms = outcome.wall_ms;
  result.sandboxed = outcome.sandboxed;
  result.sandbox_note = std::move(outcome.sandbox_note);
  result.argv = std::move(outcome.argv);
  result.launched_argv = std::move(outcome.launched_argv);
  return result;
}

}  // namespace kiln::toolchain
