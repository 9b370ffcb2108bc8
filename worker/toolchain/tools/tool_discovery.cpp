#include "worker/toolchain/tools/tool_discovery.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace kiln::toolchain {
namespace {

std::string joinPath(std::string dir, std::string_view name) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (dir != "/") dir += '/';
  return dir + std::string(name);
}

bool isExecutableFile(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
}

bool isDirectory(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void addDir(std::vector<std::string> &dirs, const std::string &dir) {
  // Relative entries (including PATH's empty "current directory" entry)
  // would make the result depend on the service's working directory.
  if (dir.empty() || dir[0] != '/') return;
  if (std::find(dirs.begin(), dirs.end(), dir) == dirs.end()) dirs.push_back(dir);
}

Diagnostic notFound(std::string_view name, const std::vector<std::string> &searched) {
  Diagnostic d;
  d.tool = std::string(name);
  d.message = std::string(name) + " not found (searched: ";
  for (size_t i = 0; i < searched.size(); ++i) d.message += (i ? ", " : "") + searched[i];
  if (searched.empty()) d.message += "nothing";
  d.message += ")";
  return d;
}

}  // namespace

ToolSearch toolSearchFromEnvironment(std::string override_path) {
  ToolSearch search;
  search.override_path = std::move(override_path);
  if (const char *home = std::getenv("CUDA_HOME")) search.cuda_home = home;
  if (const char *path = std::getenv("PATH")) search.path = path;
  return search;
}

std::vector<std::string> searchCandidates(std::string_view name, const ToolSearch &search) {
  std::vector<std::string> candidates;
  if (!search.override_path.empty()) {
    // An operator who pins a compiler must get that compiler or an error,
    // never whichever one PATH happens to hold.
    std::string path = search.override_path;
    candidates.push_back(isDirectory(path) ? joinPath(path, name) : path);
    return candidates;
  }
  std::vector<std::string> dirs;
  if (!search.cuda_home.empty()) addDir(dirs, joinPath(search.cuda_home, "bin"));
  for (const ToolHome &home : search.homes) {
    if (home.dir.empty()) continue;
    for (const std::string &bin : home.bin_dirs) addDir(dirs, bin.empty() ? home.dir : joinPath(home.dir, bin));
  }
  size_t start = 0;
  while (start <= search.path.size()) {
    size_t colon = search.path.find(':', start);
    if (colon == std::string::npos) colon = search.path.size();
    addDir(dirs, search.path.substr(start, colon - start));
    start = colon + 1;
  }
  for (const std::string &dir : search.standard_dirs) addDir(dirs, dir);
  for (const std::string &dir : dirs) candidates.push_back(joinPath(dir, name));
  return candidates;
}

ToolLookup findTool(std::string_view name, const ToolSearch &search) {
  ToolLookup lookup;
  if (name.empty() || name.find('/') != std::string_view::npos) {
    Diagnostic d;
    d.message = "invalid tool name '" + std::string(name) + "'";
    lookup.diagnostics.push_back(std::move(d));
    return lookup;
  }
  std::vector<std::string> candidates = searchCandidates(name, search);
  for (const std::string &candidate : candidates) {
    if (isExecutableFile(candidate)) {
      lookup.path = candidate;
      return lookup;
    }
  }
  // The message names directories, as a shell user would search them; an
  // override names exactly what was tried.
  std::vector<std::string> searched;
  for (const std::string &candidate : candidates) {
    bool from_dir = search.override_path.empty() || isDirectory(search.override_path);
    searched.push_back(from_dir ? std::filesystem::path(candidate).parent_path().string() : candidate);
  }
  lookup.diagnostics.push_back(notFound(name, searched));
  return lookup;
}

}  // namespace kiln::toolchain
