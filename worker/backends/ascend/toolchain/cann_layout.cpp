#include "worker/backends/ascend/toolchain/cann_layout.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace kiln::ascend {
namespace fs = std::filesystem;
namespace {

std::string_view otherCannArchDir() {
  return hostCannArchDir() == "x86_64-linux" ? "aarch64-linux" : "x86_64-linux";
}

bool isDirectory(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool isFile(const std::string &path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string join(std::string dir, std::string_view rest) {
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return rest.empty() ? dir : dir + "/" + std::string(rest);
}

std::string getenvOr(const char *name) {
  const char *value = std::getenv(name);
  return value ? value : "";
}

std::vector<std::string> standardDirs(const std::vector<std::string> &bin_dirs) {
  std::vector<std::string> dirs;
  for (const std::string &bin : bin_dirs) dirs.push_back(join(std::string(kStandardCannHome), bin));
  return dirs;
}

struct LayoutDir {
  std::string bin;  // relative to the home
  CannLayout layout;
};

const std::vector<LayoutDir> &layoutDirs() {
  static const std::vector<LayoutDir> dirs = {
      {"compiler/ccec_compiler/bin", CannLayout::kCann8},
      {std::string(hostCannArchDir()) + "/ccec_compiler/bin", CannLayout::kCann85},
      {std::string(otherCannArchDir()) + "/ccec_compiler/bin", CannLayout::kCann85},
      {"tools/bisheng_compiler/bin", CannLayout::kCann9},
  };
  return dirs;
}

// `dir` is `<home>/<bin>` for one of the layouts: that home and layout.
CannInstall matchLayout(const std::string &dir) {
  for (const LayoutDir &layout : layoutDirs()) {
    std::string suffix = "/" + layout.bin;
    if (dir.size() > suffix.size() && dir.compare(dir.size() - suffix.size(), suffix.size(), suffix) == 0)
      return {dir.substr(0, dir.size() - suffix.size()), layout.layout};
  }
  return {};
}

void addExisting(std::vector<std::string> &dirs, std::vector<std::string> &resolved, const std::string &dir) {
  if (!isDirectory(dir)) return;
  std::error_code ec;
  std::string real = fs::canonical(dir, ec).string();
  if (ec) real = dir;
  if (std::find(resolved.begin(), resolved.end(), real) != resolved.end()) return;
  resolved.push_back(real);
  dirs.push_back(dir);
}

}  // namespace

const char *cannLayoutName(CannLayout layout) {
  switch (layout) {
    case CannLayout::kCann8: return "CANN 8.x";
    case CannLayout::kCann85: return "CANN 8.5";
    case CannLayout::kCann9: return "CANN 9.x";
    case CannLayout::kUnknown: break;
  }
  return "unknown layout";
}

std::string_view hostCannArchDir() {
#if defined(__aarch64__)
  return "aarch64-linux";
#else
  return "x86_64-linux";
#endif
}

const std::vector<std::string> &bishengBinDirs() {
  static const std::vector<std::string> dirs = [] {
    std::vector<std::string> out;
    for (const LayoutDir &layout : layoutDirs()) out.push_back(layout.bin);
    return out;
  }();
  return dirs;
}

const std::vector<std::string> &cannPtoasBinDirs() {
  static const std::vector<std::string> dirs = {"bin", std::string(hostCannArchDir()) + "/bin"};
  return dirs;
}

AscendEnvironment ascendEnvironmentFromProcess() {
  return {getenvOr("ASCEND_HOME_PATH"), getenvOr("ASCEND_TOOLKIT_HOME"), getenvOr("PTOAS_HOME"), getenvOr("PATH")};
}

toolchain::ToolSearch bishengSearch(const AscendEnvironment &env) {
  toolchain::ToolSearch search;
  // set_env.sh sets both to the same dir; the search drops the repeats.
  search.homes = {{env.ascend_home_path, bishengBinDirs()}, {env.ascend_toolkit_home, bishengBinDirs()}};
  search.path = env.path;
  search.standard_dirs = standardDirs(bishengBinDirs());
  return search;
}

toolchain::ToolSearch ptoasSearch(const AscendEnvironment &env) {
  toolchain::ToolSearch search;
  search.homes = {{env.ptoas_home, {"bin"}},
                  {env.ascend_home_path, cannPtoasBinDirs()},
                  {env.ascend_toolkit_home, cannPtoasBinDirs()}};
  search.path = env.path;
  search.standard_dirs = standardDirs(cannPtoasBinDirs());
  return search;
}

CannInstall cannInstallOf(const std::string &bisheng_path) {
  std::string dir = fs::path(bisheng_path).parent_path().string();
  CannInstall found = matchLayout(dir);
  if (found.layout != CannLayout::kUnknown) return found;
  std::error_code ec;
  fs::path real = fs::canonical(bisheng_path, ec);
  if (ec) return {};
  return matchLayout(real.parent_path().string());
}

std::vector<std::string> ascendcIncludeDirs(const std::string &home) {
  std::vector<std::string> dirs, resolved;
  if (home.empty()) return dirs;
  // asc-devkit (CANN 8.5): at the home or under the arch dir.
  for (std::string root : {std::string("asc"), std::string(hostCannArchDir()) + "/asc", std::string("compiler/asc")}) {
    for (const char *sub : {"include", "include/basic_api", "include/adv_api", "include/utils", "impl/basic_api",
                            "impl/adv_api", "impl/utils"})
      addExisting(dirs, resolved, join(home, root + "/" + sub));
  }
  // tikcpp's kernel_operator.h (CANN 8.x; tools/ in newer packages).
  for (std::string root : {std::string("compiler/tikcpp"), std::string("tools/tikcpp"),
                           std::string(hostCannArchDir()) + "/tikcpp"}) {
    for (const char *sub : {"", "tikcfw", "tikcfw/interface", "tikcfw/impl"})
      addExisting(dirs, resolved, join(home, *sub ? root + "/" + sub : root));
  }
  addExisting(dirs, resolved, join(home, "include"));
  return dirs;
}

std::string ptoIsaIncludeDir(const std::string &home) {
  if (home.empty()) return "";
  // CANN's own <home>/include/pto is pto-isa's headers (not always the newest).
  for (std::string dir : {std::string("include"), std::string(hostCannArchDir()) + "/include",
                          std::string("pto-isa/include")}) {
    std::string root = join(home, dir);
    if (isFile(root + "/pto/pto-inst.hpp")) return root;
  }
  return "";
}

}  // namespace kiln::ascend
