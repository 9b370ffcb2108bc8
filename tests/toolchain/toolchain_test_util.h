// Shared by the toolchain tests: scratch directories, stand-in executables
// and the location of the real CUDA toolkit.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "worker/toolchain/tools/tool_discovery.h"
#include "worker/toolchain/process/work_dir.h"

namespace kiln::toolchain::test {

inline constexpr const char *kCudaBin = "/usr/local/cuda/bin";

/// A scratch directory removed at the end of the test.
inline WorkDir scratchDir() {
  WorkDirResult created = createWorkDir("/tmp", "kiln-test-");
  if (!created.dir) return WorkDir(std::string());
  return std::move(*created.dir);
}

inline void writeText(const std::string &path, const std::string &text, mode_t mode = 0644) {
  std::ofstream(path, std::ios::binary) << text;
  ::chmod(path.c_str(), mode);
}

inline std::string readText(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// A shell script standing in for a real tool: prints `says` and exits 0.
inline std::string writeStandIn(const std::string &dir, const std::string &name, const std::string &says) {
  std::string path = dir + "/" + name;
  writeText(path, "#!/bin/sh\necho '" + says + "'\n", 0755);
  return path;
}

inline bool haveRealCudaTool(const std::string &name) {
  return ::access((std::string(kCudaBin) + "/" + name).c_str(), X_OK) == 0;
}

/// Looks only in /usr/local/cuda/bin, whatever the environment says.
inline ToolSearch realCudaSearch() {
  ToolSearch search;
  search.standard_dirs = {kCudaBin};
  return search;
}

}  // namespace kiln::toolchain::test

#define KILN_REQUIRE_CUDA_TOOL(name)                                                          \
  if (!::kiln::toolchain::test::haveRealCudaTool(name))                                       \
  GTEST_SKIP() << "no " << (name) << " in /usr/local/cuda/bin: this test needs the CUDA " \
               << "toolkit installed at /usr/local/cuda"
