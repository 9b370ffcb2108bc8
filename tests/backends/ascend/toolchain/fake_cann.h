// Fake CANN and PTOAS trees for the driver tests: directories laid out as
// the releases lay them out, with kiln's STAND-IN scripts (standin/) copied
// in under the real tools' names. A stand-in checks the command line it is
// given and writes bytes that say they are stand-in output; nothing these
// trees produce is ever a compile.
#pragma once

#include <sys/stat.h>

#include <filesystem>
#include <string>

#include "tests/toolchain/toolchain_test_util.h"
#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend::test {

inline constexpr const char *kBishengStandIn = KILN_ASCEND_STANDIN_DIR "/bisheng-standin.sh";
inline constexpr const char *kPtoasStandIn = KILN_ASCEND_STANDIN_DIR "/ptoas-standin.sh";

/// mkdir -p
inline std::string makeDirs(const std::string &dir) {
  std::filesystem::create_directories(dir);
  return dir;
}

/// Copies `standin` to `dir`/`name` (executable) and returns its path.
inline std::string installStandIn(const std::string &dir, const std::string &name, const char *standin) {
  makeDirs(dir);
  std::string path = dir + "/" + name;
  toolchain::test::writeText(path, toolchain::test::readText(standin), 0755);
  return path;
}

/// The include dirs a CANN 8.x home has for AscendC (tikcpp's tikcfw and
/// <home>/include), and pto-isa's headers under <home>/include/pto.
inline void addCann8Headers(const std::string &home) {
  for (const char *dir : {"compiler/tikcpp/tikcfw", "compiler/tikcpp/tikcfw/interface", "compiler/tikcpp/tikcfw/impl",
                          "include/pto"})
    makeDirs(home + "/" + dir);
  toolchain::test::writeText(home + "/include/pto/pto-inst.hpp", "// stand-in header, empty\n");
}

/// A target from kiln's table (no overrides).
inline AscendTarget target(const std::string &name) {
  std::string error;
  std::optional<AscendTarget> t = findAscendTarget(name, "", error);
  return t ? *t : AscendTarget{};
}

}  // namespace kiln::ascend::test
