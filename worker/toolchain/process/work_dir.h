// A job's private directory: created with mkdtemp (mode 0700, a name nobody
// can predict) and removed with everything in it when the owner goes away.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"

namespace kiln::toolchain {

class WorkDir {
 public:
  /// Takes ownership of an existing directory; it is removed on destruction.
  explicit WorkDir(std::string path);
  WorkDir(WorkDir &&other) noexcept;
  WorkDir &operator=(WorkDir &&other) noexcept;
  WorkDir(const WorkDir &) = delete;
  WorkDir &operator=(const WorkDir &) = delete;
  ~WorkDir();

  /// Absolute and free of symlinks, so tool output naming it can be matched
  /// and rewritten.
  const std::string &path() const { return path_; }
  /// `path()/name`.
  std::string file(std::string_view name) const;

 private:
  void remove();
  std::string path_;
};

struct WorkDirResult {
  std::optional<WorkDir> dir;
  std::optional<Diagnostic> error;
};

/// A fresh directory `root/<prefix>XXXXXX`; `root` is created if missing.
WorkDirResult createWorkDir(const std::string &root, std::string_view prefix = "kiln-");

}  // namespace kiln::toolchain
