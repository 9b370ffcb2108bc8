// Assembles PTX into a cubin with ptxas inside the sandbox, with -v so the
// result carries each kernel's register, shared memory and spill usage.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "worker/toolchain/process_runner.h"
#include "worker/toolchain/ptxas_resources.h"
#include "worker/toolchain/sandbox.h"
#include "worker/toolchain/tool_discovery.h"
#include "worker/toolchain/tool_identity.h"

namespace kiln::toolchain {

struct PtxasConfig {
  /// The ptxas to use (file or directory); empty searches (tool_discovery.h).
  std::string path_override;
  /// Where to search; unset reads CUDA_HOME and PATH from the environment.
  std::optional<ToolSearch> search;
  std::chrono::milliseconds timeout{300'000};
  ResourceLimits limits{600, 8ull << 30, 512ull << 20};
  size_t max_output_bytes = 1u << 20;
  size_t max_source_bytes = 64u << 20;
  SandboxConfig sandbox;
  IdentityConfig identity;
};

struct PtxasJob {
  std::string ptx;   // PTX text
  std::string arch;  // "sm_90"; see gpu_arch.h
};

struct PtxasResult {
  std::string cubin;  // the bytes ptxas wrote; empty unless it succeeded
  /// Errors and warnings, and each -v info line as a remark.
  std::vector<Diagnostic> diagnostics;
  std::vector<KernelResources> resources;
  ToolIdentity identity;
  int64_t wall_ms = 0;
  bool sandboxed = false;
  std::string sandbox_note;  // why it ran without bubblewrap, when it did
  std::vector<std::string> argv;           // ptxas -arch=sm_90 -v -o kernel.cubin kernel.ptx
  std::vector<std::string> launched_argv;  // what was executed, the bwrap wrapper included

  bool ok() const { return !cubin.empty() && !hasErrors(diagnostics); }
};

struct PtxasDiscovery;

class PtxasDriver {
 public:
  /// Finds and identifies ptxas. The driver exists only for a known ptxas.
  static PtxasDiscovery discover(PtxasConfig config);

  const ToolIdentity &identity() const { return identity_; }
  const PtxasConfig &config() const { return config_; }

  /// Thread-safe: each call has its own work dir and process.
  PtxasResult assemble(const PtxasJob &job) const;

  /// ptxas's arguments (after its path) for `arch`, reading kernel.ptx and
  /// writing kernel.cubin. `arch` must be supported.
  static std::vector<std::string> arguments(const std::string &arch);

 private:
  PtxasDriver(PtxasConfig config, ToolIdentity identity);
  PtxasConfig config_;
  ToolIdentity identity_;
};

struct PtxasDiscovery {
  std::optional<PtxasDriver> driver;
  std::vector<Diagnostic> diagnostics;
};

}  // namespace kiln::toolchain
