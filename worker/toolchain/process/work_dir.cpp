#include "worker/toolchain/process/work_dir.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

namespace kiln::toolchain {
namespace fs = std::filesystem;

namespace {

Diagnostic workDirError(std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  return d;
}

// A tool may leave directories without write or search permission, which
// stops remove_all for a non-root owner. Symlinks are never followed.
void makeRemovable(const fs::path &dir) {
  std::error_code ec;
  ::chmod(dir.c_str(), 0700);
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_directory(ec) && !it->is_symlink(ec)) makeRemovable(it->path());
  }
}

}  // namespace

WorkDir::WorkDir(std::string path) : path_(std::move(path)) {}

WorkDir::WorkDir(WorkDir &&other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }

WorkDir &WorkDir::operator=(WorkDir &&other) noexcept {
  if (this != &other) {
    remove();
    path_ = std::move(other.path_);
    other.path_.clear();
  }
  return *this;
}

WorkDir::~WorkDir() { remove(); }

std::string WorkDir::file(std::string_view name) const { return path_ + "/" + std::string(name); }

void WorkDir::remove() {
  if (path_.empty()) return;
  std::error_code ec;
  fs::remove_all(path_, ec);
  if (ec) {
    makeRemovable(path_);
    fs::remove_all(path_, ec);
  }
  path_.clear();
}

WorkDirResult createWorkDir(const std::string &root, std::string_view prefix) {
  WorkDirResult result;
  std::error_code ec;
  fs::create_directories(root, ec);
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) {
    result.error = workDirError("cannot use work root '" + root + "': " + ec.message());
    return result;
  }
  std::string pattern = (canonical_root / (std::string(prefix) + "XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (mkdtemp(name.data()) == nullptr) {
    result.error = workDirError("cannot create a work directory under '" + canonical_root.string() +
                                "': " + std::strerror(errno));
    return result;
  }
  result.dir.emplace(std::string(name.data()));
  return result;
}

}  // namespace kiln::toolchain
