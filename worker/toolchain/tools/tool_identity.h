// Which exact tool compiled an artifact: its version as it reports it and
// the SHA-256 of its binary. key() goes into cache keys, so a toolchain
// upgrade (or a patched binary with the same version) never serves stale
// artifacts.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "worker/toolchain/process/process_runner.h"
#include "worker/toolchain/process/sandbox.h"

namespace kiln::toolchain {

struct ToolIdentity {
  std::string name;     // "nvcc"
  std::string path;     // where it was found
  std::string version;  // "13.0.88"
  std::string sha256;   // lower-case hex of the binary

  /// "nvcc 13.0.88 sha256:<hex>"
  std::string key() const;
};

struct IdentityConfig {
  std::chrono::milliseconds timeout{10'000};
  ResourceLimits limits{10, 2ull << 30, 1u << 20};
  // The probe runs in the same sandbox as the tool's jobs: a binary found
  // through a configured path is as untrusted as its inputs until known.
  SandboxConfig sandbox;
  /// Reads the version from what --version printed (stdout, then stderr);
  /// unset: parseCudaToolVersion, NVIDIA's release line.
  std::function<std::optional<std::string>(std::string_view)> parse_version;
  /// Why the binary found is not the tool wanted, judged from its --version
  /// output (a same-named compiler from another vendor); empty: accepted.
  /// A refusal is the error "refusing <path>: <why>".
  std::function<std::string(std::string_view)> refuse;
};

struct IdentityResult {
  std::optional<ToolIdentity> identity;
  std::vector<Diagnostic> diagnostics;
};

/// Runs `path --version` (sandboxed as config.sandbox says) and hashes the binary.
IdentityResult identifyTool(std::string_view name, const std::string &path,
                            const IdentityConfig &config = {});

struct ProbeRun {
  bool ran = false;       // false: it could not be run or timed out (diagnostics say why)
  int exit_code = -1;
  std::string stdout_text;
  std::string stderr_text;
  std::vector<Diagnostic> diagnostics;
  bool succeeded() const { return ran && exit_code == 0; }
};

/// Runs `path args...` once, sandboxed and limited as identification is
/// (config.sandbox, timeout, limits), in a scratch dir: for the questions a
/// driver asks a tool before trusting it (bisheng -print-targets).
ProbeRun probeTool(std::string_view name, const std::string &path, const std::vector<std::string> &args,
                   const IdentityConfig &config = {});

/// The first version number in --version output, for tools whose exact
/// text is not known: on the first line saying "version" if one has a
/// number ("clang version 15.0.5 (...)" gives "15.0.5"), else on the first
/// line that has one. A number is digits with at least one dot ("0.26"),
/// or digits right after "version" ("version 9"); anything else: nothing.
std::optional<std::string> parseLenientVersion(std::string_view version_output);

/// "13.0.88" from the line "Cuda compilation tools, release 13.0, V13.0.88"
/// of nvcc's or ptxas's --version output.
std::optional<std::string> parseCudaToolVersion(std::string_view version_output);

struct FileDigest {
  std::string hex;    // empty on failure
  std::string error;  // why, on failure
};

/// SHA-256 of a file, read in chunks.
FileDigest sha256File(const std::string &path);

}  // namespace kiln::toolchain
