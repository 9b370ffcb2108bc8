#include "worker/backends/nvidia/toolchain/nvcc_driver.h"

#include "worker/backends/nvidia/toolchain/gpu_arch.h"
#include "worker/backends/nvidia/toolchain/nvidia_diagnostics.h"

namespace kiln::nvidia {

NvccDiscovery NvccDriver::discover(NvccConfig config) {
  return toolchain::discoverDriver<NvccDriver>("nvcc", std::move(config));
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
  NvccResult refused;
  refused.identity = identity();
  if (std::optional<Diagnostic> bad = checkArch(job.arch, "nvcc")) {
    refused.diagnostics.push_back(std::move(*bad));
    return refused;
  }
  std::vector<std::string> args = arguments(job.arch, job.emit);
  if (args.empty()) {
    Diagnostic d;
    d.tool = "nvcc";
    d.message = std::string("nvcc does not emit ") + emitName(job.emit) + "; it writes ptx, cubin or fatbin";
    refused.diagnostics.push_back(std::move(d));
    return refused;
  }
  return tool_.run({job.source, "kernel.cu", "source", std::string("kernel.") + emitName(job.emit), std::move(args),
                    parseNvidiaOutput});
}

}  // namespace kiln::nvidia
