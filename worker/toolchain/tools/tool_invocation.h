// One run of a vendor tool on one input, as every driver does it: a private
// work dir, the input written under a fixed name, the sandboxed run, the
// output parsed into diagnostics, and the artifact read back only if the
// tool really produced it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/diagnostic.h"
#include "worker/toolchain/process/process_runner.h"
#include "worker/toolchain/process/sandbox.h"
#include "worker/toolchain/tools/tool_discovery.h"
#include "worker/toolchain/tools/tool_identity.h"
#include "worker/toolchain/output/tool_output.h"

namespace kiln::toolchain {

struct ToolInvocation {
  const ToolIdentity *tool = nullptr;
  std::vector<std::string> args;  // after the tool's path; built by kiln only
  std::string input_name;         // file name in the work dir, e.g. "kernel.cu"
  std::string input_text;
  std::string output_name;  // the artifact the tool must write, e.g. "kernel.cubin"
  /// Work-dir names and what diagnostics call them.
  std::vector<std::pair<std::string, std::string>> logical_names;
  std::chrono::milliseconds timeout{300'000};
  ResourceLimits limits;
  size_t max_output_bytes = 1u << 20;
  SandboxConfig sandbox;
  /// Reads what the tool printed; the backend's (nvcc/ptxas, bisheng, ...).
  ToolOutputParser parse_output;
};

struct InvocationOutcome {
  std::string artifact;  // bytes; empty unless the run succeeded
  std::vector<Diagnostic> diagnostics;
  std::string output;  // stderr then stdout, as printed (for -v parsing)
  int64_t wall_ms = 0;
  bool sandboxed = false;
  std::string sandbox_note;
  std::vector<std::string> argv;           // the tool's argv
  std::vector<std::string> launched_argv;  // what was executed, wrapper included
};

InvocationOutcome runToolInvocation(const ToolInvocation &invocation);

/// Why a job must not run at all: an input (`what`, e.g. "source", written
/// to `input_name`) over `limit` bytes.
std::optional<Diagnostic> rejectJob(std::string_view tool, const std::string &input_name, const char *what,
                                    size_t size, size_t limit);

struct ToolDiscovery {
  std::optional<ToolIdentity> identity;
  std::vector<Diagnostic> diagnostics;
};

/// Finds `name` (`search`, or the environment with `path_override`) and
/// identifies it.
ToolDiscovery discoverTool(std::string_view name, const std::string &path_override,
                           const std::optional<ToolSearch> &search, const IdentityConfig &identity);

/// The directory above the tool's bin/ (what the sandbox must show).
std::string installRoot(const std::string &tool_path);

}  // namespace kiln::toolchain
