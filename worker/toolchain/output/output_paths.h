// Rewrites paths in tool output so that nothing of the private work
// directory, nor nvcc's random tmpxft_* names, reaches a diagnostic: the
// client sees the names it knows, and identical jobs give identical
// diagnostics, which the cache depends on.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln::toolchain {

struct OutputPaths {
  /// The job's private directory (absolute, canonical); the tool runs in it.
  std::string work_dir;
  /// Work-dir-relative file names and what to call them instead, e.g.
  /// {"kernel.cu", "kernel.cu"} or {"kernel.ptx", "scale.ptx"}.
  std::vector<std::pair<std::string, std::string>> logical_names;

  /// The name to report for one path printed by a tool. Paths in the work
  /// dir become relative (then logical); paths elsewhere stay as they are.
  std::string logicalPath(std::string_view path) const;
  /// `text` with every path naming the work dir or a tmpxft_ file replaced
  /// by its logicalPath().
  std::string rewrite(std::string_view text) const;
};

/// "kernel.ptx" for "tmpxft_00002d2d_00000000-6_kernel.ptx", the name nvcc
/// gives its intermediate files; other names unchanged.
std::string stripTmpxftPrefix(std::string_view file_name);

}  // namespace kiln::toolchain
