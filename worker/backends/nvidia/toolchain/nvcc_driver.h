// nvcc as a tool driver (worker/toolchain/tools/tool_driver.h): the command line
// is built by kiln alone from the arch and the emit kind; the source is
// always kernel.cu in a fresh private work dir, whatever the client called it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/emit.h"
#include "worker/toolchain/tools/tool_driver.h"

namespace kiln::nvidia {

using NvccConfig = toolchain::ToolConfig;
using NvccResult = toolchain::ToolRun;

struct NvccJob {
  std::string source;  // CUDA C++ text
  std::string arch;    // "sm_90"; see gpu_arch.h
  Emit emit = Emit::kCubin;  // ptx, cubin or fatbin; the name is the output's extension
};

class NvccDriver : public toolchain::VendorDriver {
 public:
  using VendorDriver::VendorDriver;
  static toolchain::Discovered<NvccDriver> discover(NvccConfig config);

  /// Thread-safe: each call has its own work dir and process.
  NvccResult compile(const NvccJob &job) const;

  /// nvcc's arguments (after its path) for `arch` and `emit`, reading
  /// kernel.cu and writing kernel.<emit>. `arch` must be supported; an
  /// emit kind nvcc does not write (cuda) has no arguments.
  static std::vector<std::string> arguments(const std::string &arch, Emit emit);
};

using NvccDiscovery = toolchain::Discovered<NvccDriver>;

}  // namespace kiln::nvidia
