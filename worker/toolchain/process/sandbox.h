// Wraps a tool's command line for bubblewrap: a read-only view of the system,
// the job's work directory as the only writable place, no network, no
// inherited environment. Where bwrap cannot run, auto mode runs the command
// directly and says so, so callers can report that the run was unsandboxed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"

namespace kiln::toolchain {

enum class SandboxMode {
  kAuto,    // bwrap when usable, otherwise unsandboxed (reported)
  kAlways,  // bwrap or an error
  kNever,   // always unsandboxed
};

struct SandboxConfig {
  SandboxMode mode = SandboxMode::kAuto;
  std::string bwrap_path = "/usr/bin/bwrap";
  /// Host paths visible read-only at the same place; missing ones are skipped.
  /// Of /etc only what the dynamic loader and Debian's alternatives need:
  /// a compiler echoes the lines of a file it includes, so every readable
  /// file is one a hostile kernel could hand to its client in a diagnostic.
  std::vector<std::string> read_only_binds = {"/usr", "/lib", "/lib64", "/bin", "/etc/ld.so.cache",
                                              "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives"};
  /// Paths under the binds a tool has no business reading, hidden even when
  /// an operator binds more (all of /etc, say): system secrets, and kiln's
  /// own configuration and tokens (/etc/kiln holds the worker token in the
  /// shipped units). A worker adds the folder of its own --token-file.
  std::vector<std::string> masked_paths = {"/etc/shadow",  "/etc/gshadow", "/etc/shadow-",
                                           "/etc/gshadow-", "/etc/sudoers", "/etc/sudoers.d",
                                           "/etc/ssh",     "/etc/ssl/private", "/etc/kiln"};
  /// Install roots a tool needs beyond its own folder (CANN's home, whose
  /// headers bisheng reads), visible read-only at the same place. Bound as
  /// sandboxCommand's `extra_read_only` are, so a root under /tmp works too.
  std::vector<std::string> tool_dirs;
  /// Where private work directories are created.
  std::string work_root = "/tmp";
  /// PATH inside, after the directory of the tool itself.
  std::string path = "/usr/bin:/bin";
};

struct SandboxedCommand {
  std::vector<std::string> argv;  // what to execute: bwrap ... -- tool args, or the tool as is
  std::vector<std::string> env;   // the environment to execute it with
  bool sandboxed = false;
  std::string fallback_reason;  // why it runs without bwrap, when it does
};

struct SandboxResult {
  std::optional<SandboxedCommand> command;
  std::vector<Diagnostic> diagnostics;
};

struct BwrapProbe {
  bool usable = false;
  std::string reason;  // why not, when not
};

/// Whether bwrap at `bwrap_path` can build a sandbox here. Runs bwrap once
/// per path and process; later calls answer from the cache.
BwrapProbe probeBwrap(const std::string &bwrap_path);

/// The environment every tool gets: PATH, HOME and TMPDIR (the work dir),
/// and LC_ALL=C so messages, and with them cached diagnostics, do not
/// depend on the host's locale.
std::vector<std::string> toolEnvironment(const std::string &tool_path, const std::string &work_dir,
                                         const SandboxConfig &config);

/// `argv` to run with `work_dir` (absolute) as its only writable directory.
/// `extra_read_only` (and config.tool_dirs) add paths the tool needs (its
/// install root); those already under a bind are not bound twice.
SandboxResult sandboxCommand(const SandboxConfig &config, const std::vector<std::string> &argv,
                             const std::string &work_dir,
                             const std::vector<std::string> &extra_read_only = {});

}  // namespace kiln::toolchain
