// Finds a vendor tool's executable. Every input is in ToolSearch, so tests
// and services decide what is searched; only toolSearchFromEnvironment()
// reads the process environment.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace kiln::toolchain {

/// An install root named by the environment (CUDA_HOME, ASCEND_HOME_PATH,
/// PTOAS_HOME) and where under it a vendor keeps its executables: CANN has
/// moved its compiler between releases, so one home has several bin dirs.
struct ToolHome {
  std::string dir;
  std::vector<std::string> bin_dirs = {"bin"};  // relative to dir, searched in order
};

struct ToolSearch {
  /// An operator's explicit choice: the executable itself or the directory
  /// holding it. When set, nothing else is searched.
  std::string override_path;
  std::string cuda_home;  // a CUDA_HOME value; $CUDA_HOME/bin is searched
  /// Searched after cuda_home and before PATH, each home's bin dirs in turn.
  std::vector<ToolHome> homes;
  std::string path;       // a PATH value
  std::vector<std::string> standard_dirs = {"/usr/local/cuda/bin"};
};

/// CUDA_HOME and PATH from the environment, with `override_path`.
ToolSearch toolSearchFromEnvironment(std::string override_path = {});

/// The places searched for `name`, in order: the override, $CUDA_HOME/bin,
/// each home's bin dirs, each absolute PATH entry, the standard dirs;
/// duplicates dropped.
std::vector<std::string> searchCandidates(std::string_view name, const ToolSearch &search);

struct ToolLookup {
  std::string path;  // empty when not found
  std::vector<Diagnostic> diagnostics;
  bool found() const { return !path.empty(); }
};

/// The first candidate that is an executable regular file. Otherwise one
/// error: `nvcc not found (searched: /a/bin, /usr/bin, /usr/local/cuda/bin)`.
ToolLookup findTool(std::string_view name, const ToolSearch &search);

}  // namespace kiln::toolchain
