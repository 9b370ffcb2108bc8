// The one shape of a vendor tool driver: find and identify the tool once,
// then run it per job on one input in a private work dir inside the sandbox,
// on an argument list the backend built, with its output read by the
// backend's parser. nvcc and ptxas (backends/nvidia/toolchain/) are each an
// argument builder over this; bisheng and ptoas drivers are the same.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "worker/toolchain/process/process_runner.h"
#include "worker/toolchain/process/sandbox.h"
#include "worker/toolchain/tools/tool_discovery.h"
#include "worker/toolchain/tools/tool_identity.h"
#include "worker/toolchain/output/tool_output.h"

namespace kiln::toolchain {

struct ToolConfig {
  /// The tool to use (file or directory); empty searches (tool_discovery.h).
  std::string path_override;
  /// Where to search; unset reads the environment: CUDA_HOME and PATH, or
  /// the vendor driver's own variables (bisheng: ASCEND_HOME_PATH, ...).
  std::optional<ToolSearch> search;
  std::chrono::milliseconds timeout{300'000};
  ResourceLimits limits{600, 8ull << 30, 512ull << 20};
  size_t max_output_bytes = 1u << 20;
  size_t max_input_bytes = 16u << 20;
  SandboxConfig sandbox;
  IdentityConfig identity;
};

/// One run, described by the backend: every argument is kiln's own.
struct ToolJob {
  std::string input;        // the bytes written to input_name
  std::string input_name;   // e.g. "kernel.cu"; also its name in diagnostics
  const char *input_kind;   // "source", "PTX": named in the size error
  std::string output_name;  // the artifact the tool must write, e.g. "kernel.cubin"
  std::vector<std::string> args;
  ToolOutputParser parse_output;
};

struct ToolRun {
  std::string artifact;  // the bytes the tool wrote; empty unless it succeeded
  std::vector<Diagnostic> diagnostics;
  std::string output;  // what it printed (stderr then stdout), paths rewritten
  ToolIdentity identity;
  int64_t wall_ms = 0;
  bool sandboxed = false;
  std::string sandbox_note;  // why it ran without bubblewrap, when it did
  std::vector<std::string> argv;           // the tool's argv as kiln built it
  std::vector<std::string> launched_argv;  // what was executed, the bwrap wrapper included

  bool ok() const { return !artifact.empty() && !hasErrors(diagnostics); }
};

class ToolDriver {
 public:
  struct Discovery;
  /// Finds and identifies `name`. The driver exists only for a known tool.
  static Discovery discover(std::string name, ToolConfig config);

  const std::string &name() const { return name_; }
  const ToolIdentity &identity() const { return identity_; }
  const ToolConfig &config() const { return config_; }

  /// Thread-safe: each call has its own work dir and process.
  ToolRun run(const ToolJob &job) const;

 private:
  ToolDriver(std::string name, ToolConfig config, ToolIdentity identity);
  std::string name_;
  ToolConfig config_;
  ToolIdentity identity_;
};

struct ToolDriver::Discovery {
  std::optional<ToolDriver> driver;
  std::vector<Diagnostic> diagnostics;  // why there is none
};

// What every vendor driver (nvcc, ptxas, bisheng, ...) is: the ToolDriver
// under it, plus the argument builder and job mapping it adds.
class VendorDriver {
 public:
  explicit VendorDriver(ToolDriver tool) : tool_(std::move(tool)) {}
  const ToolIdentity &identity() const { return tool_.identity(); }
  const ToolConfig &config() const { return tool_.config(); }

 protected:
  ToolDriver tool_;
};

template <typename Driver>
struct Discovered {
  std::optional<Driver> driver;
  std::vector<Diagnostic> diagnostics;  // why there is none
};

// Finds and identifies `name` as a `Driver` (a VendorDriver).
template <typename Driver>
Discovered<Driver> discoverDriver(std::string name, ToolConfig config) {
  ToolDriver::Discovery found = ToolDriver::discover(std::move(name), std::move(config));
  Discovered<Driver> out;
  out.diagnostics = std::move(found.diagnostics);
  if (found.driver) out.driver.emplace(std::move(*found.driver));
  return out;
}

}  // namespace kiln::toolchain
