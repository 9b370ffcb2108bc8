// Runs one program the way a compile job must: no shell, an environment the
// caller spells out, bounded output, a wall-clock timeout that takes down
// everything the program started, and kernel-enforced resource limits.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace kiln::toolchain {

/// Limits set with setrlimit in the child; 0 leaves a limit as inherited.
/// Core dumps are always off: a crashing compiler must not fill the disk.
struct ResourceLimits {
  uint64_t cpu_seconds = 0;          // per process; the wall timeout bounds the whole run
  uint64_t address_space_bytes = 0;  // RLIMIT_AS
  uint64_t file_size_bytes = 0;      // RLIMIT_FSIZE: the largest file the child may write
};

struct ProcessSpec {
  /// argv[0] is the program's path, used as is: no PATH search.
  std::vector<std::string> argv;
  /// KEY=VALUE entries; the child gets these and nothing inherited.
  std::vector<std::string> env;
  /// Empty keeps the caller's working directory.
  std::string working_directory;
  std::chrono::milliseconds timeout{60'000};
  size_t max_stdout_bytes = 1u << 20;
  size_t max_stderr_bytes = 1u << 20;
  ResourceLimits limits;
};

struct ProcessResult {
  int exit_code = -1;   // -1 unless the program exited on its own
  int term_signal = 0;  // the signal that ended it, if any
  bool timed_out = false;
  bool stdout_truncated = false;
  bool stderr_truncated = false;
  std::string stdout_text;
  std::string stderr_text;
  int64_t wall_ms = 0;
  /// Set when the program never started (bad path, chdir failed, ...) or
  /// its exit status was lost.
  std::string spawn_error;

  bool succeeded() const {
    return spawn_error.empty() && !timed_out && term_signal == 0 && exit_code == 0;
  }
};

/// Runs `spec` to completion. stdin is /dev/null. Never throws; failures to
/// start are reported in `spawn_error`.
ProcessResult runProcess(const ProcessSpec &spec);

}  // namespace kiln::toolchain
