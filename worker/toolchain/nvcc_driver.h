// Compiles CUDA source with nvcc inside the sandbox. The command line is
// built by kiln alone from the arch and the emit kind; the source is always
// kernel.cu in a fresh private work dir, whatever the client called it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/emit.h"
#include "worker/toolchain/process_runner.h"
#include "worker/toolchain/sandbox.h"
#include "worker/toolchain/tool_discovery.h"
#include "worker/toolchain/tool_identity.h"

namespace kiln::toolchain {

struct NvccConfig {
  /// The nvcc to use (file or directory); empty searches (tool_discovery.h).
  std::string path_override;
  /// Where to search; unset reads CUDA_HOME and PATH from the environment.
  std::optional<ToolSearch> search;
  std::chrono::milliseconds timeout{300'000};
  ResourceLimits limits{600, 8ull << 30, 512ull << 20};
  size_t max_output_bytes = 1u << 20;
  size_t max_source_bytes = 16u << 20;
  SandboxConfig sandbox;
  IdentityConfig identity;
};

struct NvccJob {
  std::string source;  // CUDA C++ text
  std::string arch;    // "sm_90"; see gpu_arch.h
  Emit emit = Emit::kCubin;  // ptx, cubin or fatbin; the name is the output's extension
};

struct NvccResult {
  std::string artifact;  // the bytes nvcc wrote; empty unless it succeeded
  std::vector<Diagnostic> diagnostics;
  ToolIdentity identity;
  int64_t wall_ms = 0;
  bool sandboxed = false;
  std::string sandbox_note;  // why it ran without bubblewrap, when it did
  /// nvcc's argv as kiln built it: nvcc -arch=sm_90 -cubin -o kernel.cubin kernel.cu
  std::vector<std::string> argv;
  std::vector<std::string> launched_argv;  // what was executed, the bwrap wrapper included

  bool ok() const { return !artifact.empty() && !hasErrors(diagnostics); }
};

struct NvccDiscovery;

class NvccDriver {
 public:
  /// Finds and identifies nvcc. The driver exists only for a known nvcc.
  static NvccDiscovery discover(NvccConfig config);

  const ToolIdentity &identity() const { return identity_; }
  const NvccConfig &config() const { return config_; }

  /// Thread-safe: each call has its own work dir and process.
  NvccResult compile(const NvccJob &job) const;

  /// nvcc's arguments (after its path) for `arch` and `emit`, reading
  /// kernel.cu and writing kernel.<emit>. `arch` must be supported; an
  /// emit kind nvcc does not write (cuda) has no arguments.
  static std::vector<std::string> arguments(const std::string &arch, Emit emit);

 private:
  NvccDriver(NvccConfig config, ToolIdentity identity);
  NvccConfig config_;
  ToolIdentity identity_;
};

struct NvccDiscovery {
  std::optional<NvccDriver> driver;
  std::vector<Diagnostic> diagnostics;
};

}  // namespace kiln::toolchain
