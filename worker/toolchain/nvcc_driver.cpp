#include "worker/toolchain/nvcc_driver.h"

#include "worker/toolchain/gpu_arch.h"
#include "worker/toolchain/tool_invocation.h"

namespace kiln::toolchain {

NvccDriver::NvccDriver(NvccConfig config, ToolIdentity identity)
    : config_(std::move(config)), identity_(std::move(identity)) {}

NvccDiscovery NvccDriver::discover(NvccConfig config) {
  NvccDiscovery result;
  ToolDiscovery found = discoverTool("nvcc", config.path_override, config.search, config.identity);
  result.diagnostics = std::move(found.diagnostics);
  if (found.identity) result.driver.emplace(NvccDriver(std::move(config), std::move(*found.identity)));
  return result;
}

std::vector<std::string> NvccDriver::arguments(const std::string &arch, Emit emit) {
  std::string output = std::string("kernel.") + emitName(emit);
  switch (emit) {
    case Emit::kPtx: return {"-arch=" + arch, "-ptx", "-o", output, "kernel.cu"};
    case Emit::kCubin: return {"-arch=" + arch, "-cubin", "-o", output, "kernel.cu"};
    case Emit::kCuda: return {};
    case Emit::kFatbin: {
      // SASS for the arch plus its PTX, so newer GPUs can JIT the kernel.
      std::string virt = virtualArch(arch);
      return {"-fatbin", "-gencode", "arch=" + virt + ",code=[" + arch + "," + virt + "]",
              "-o", output, "kernel.cu"};
    }
  }
  return {};
}

NvccResult NvccDriver::compile(const NvccJob &job) const {
  NvccResult result;
  result.identity = identity_;
  if (std::optional<Diagnostic> bad =
          rejectJob("nvcc", job.arch, "kernel.cu", "source", job.source.size(), config_.max_source_bytes)) {
    result.diagnostics.push_back(std::move(*bad));
    return result;
  }

  ToolInvocation invocation;
  invocation.tool = &identity_;
  invocation.args = arguments(job.arch, job.emit);
  if (invocation.args.empty()) {
    Diagnostic d;
    d.tool = "nvcc";
    d.message = std::string("nvcc does not emit ") + emitName(job.emit) + "; it writes ptx, cubin or fatbin";
    result.diagnostics.push_back(std::move(d));
    return result;
  }
  invocation.input_name = "kernel.cu";
  invocation.input_text = job.source;
  invocation.output_name = std::string("kernel.") + emitName(job.emit);
  invocation.logical_names = {{"kernel.cu", "kernel.cu"}};
  invocation.timeout = config_.timeout;
  invocation.limits = config_.limits;
  invocation.max_output_bytes = config_.max_output_bytes;
  invocation.sandbox = config_.sandbox;
  InvocationOutcome outcome = runToolInvocation(invocation);

  result.artifact = std::move(outcome.artifact);
  result.diagnostics = std::move(outcome.diagnostics);
  result.wall_ms = outcome.wall_ms;
  result.sandboxed = outcome.sandboxed;
  result.sandbox_note = std::move(outcome.sandbox_note);
  result.argv = std::move(outcome.argv);
  result.launched_argv = std::move(outcome.launched_argv);
  return result;
}

}  // namespace kiln::toolchain
