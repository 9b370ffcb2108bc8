// ptxas as a tool driver (worker/toolchain/tools/tool_driver.h): assembles PTX
// into a cubin with -v, so the result carries each kernel's register,
// shared memory and spill usage.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/compile_request.h"
#include "worker/backends/nvidia/toolchain/ptxas_resources.h"
#include "worker/toolchain/tools/tool_driver.h"

namespace kiln::nvidia {

// PTX can be larger than CUDA source (libdevice inlined): a higher limit.
inline toolchain::ToolConfig defaultPtxasConfig() {
  toolchain::ToolConfig config;
  config.max_input_bytes = 64u << 20;
  return config;
}
using PtxasConfig = toolchain::ToolConfig;

struct PtxasJob {
  std::string ptx;   // PTX text
  std::string arch;  // "sm_90"; see gpu_arch.h
  PtxasOptions options;
};

// The run (artifact: the cubin) and what -v reported per kernel.
struct PtxasResult : toolchain::ToolRun {
  std::vector<KernelResources> resources;
};

class PtxasDriver : public toolchain::VendorDriver {
 public:
  using VendorDriver::VendorDriver;
  static toolchain::Discovered<PtxasDriver> discover(PtxasConfig config = defaultPtxasConfig());

  /// Thread-safe: each call has its own work dir and process.
  PtxasResult assemble(const PtxasJob &job) const;

  /// ptxas's arguments (after its path) for `arch`, reading kernel.ptx and
  /// writing kernel.cubin. `arch` must be supported. Options at ptxas's
  /// defaults add nothing, so the default command line stays as it was.
  static std::vector<std::string> arguments(const std::string &arch, const PtxasOptions &options = {});

  /// The lines of ptxas -v's report in `output` ("ptxas info    : ..." and
  /// the indented lines under them), as it printed them.
  static std::string infoLines(std::string_view output);
};

using PtxasDiscovery = toolchain::Discovered<PtxasDriver>;

}  // namespace kiln::nvidia
