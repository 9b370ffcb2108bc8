// Where CANN keeps bisheng, the AscendC headers and ptoas, release by
// release, and the searches kiln builds from that (tool_discovery.h does the
// searching). Facts from ../shared/notes/ascend-toolchain.md; the layouts
// marked UNVERIFIED there are searched but nothing depends on them being
// exactly right: only dirs that exist are used. MLIR-free.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "worker/toolchain/tools/tool_discovery.h"

namespace kiln::ascend {

enum class CannLayout {
  kUnknown,  // bisheng found outside any layout kiln knows (a bare PATH entry, an override elsewhere)
  kCann8,    // <home>/compiler/ccec_compiler/bin/bisheng
  kCann85,   // <home>/<arch>-linux/ccec_compiler/bin/bisheng
  kCann9,    // <home>/tools/bisheng_compiler/bin/bisheng (UNVERIFIED)
};
const char *cannLayoutName(CannLayout layout);  // "CANN 8.x", ...

/// A CANN install as a bisheng path reveals it.
struct CannInstall {
  std::string home;  // empty when the path names no CANN home
  CannLayout layout = CannLayout::kUnknown;
};

/// Where set_env.sh-less hosts usually have CANN.
inline constexpr std::string_view kStandardCannHome = "/usr/local/Ascend/ascend-toolkit/latest";

/// "x86_64-linux" or "aarch64-linux": the host's own CANN 8.5 arch dir.
std::string_view hostCannArchDir();

/// bisheng's bin dirs under a CANN home, in search order: 8.x, 8.5 (the
/// host's arch first, then the other), 9.x.
const std::vector<std::string> &bishengBinDirs();

/// ptoas's bin dirs under a CANN home: bin, <arch>-linux/bin (UNVERIFIED:
/// PTOAS is open source and usually found through PTOAS_HOME or PATH).
const std::vector<std::string> &cannPtoasBinDirs();

/// The environment variables the searches read, so tests can supply them.
struct AscendEnvironment {
  std::string ascend_home_path;     // ASCEND_HOME_PATH
  std::string ascend_toolkit_home;  // ASCEND_TOOLKIT_HOME
  std::string ptoas_home;           // PTOAS_HOME
  std::string path;                 // PATH
};
AscendEnvironment ascendEnvironmentFromProcess();

/// bisheng: ASCEND_HOME_PATH, then ASCEND_TOOLKIT_HOME (each over
/// bishengBinDirs()), then PATH, then the standard home's bin dirs.
toolchain::ToolSearch bishengSearch(const AscendEnvironment &env);

/// ptoas: PTOAS_HOME/bin, then the CANN homes' cannPtoasBinDirs(), then
/// PATH, then the standard home's.
toolchain::ToolSearch ptoasSearch(const AscendEnvironment &env);

/// The CANN home and layout of the bisheng at `path`: its directory matched
/// against the layouts, as spelled (keeping a `latest` symlink) and then
/// resolved (a PATH entry that is a symlink into CANN).
CannInstall cannInstallOf(const std::string &bisheng_path);

/// The AscendC include dirs under `home` that exist, in the order CANN's own
/// compile lines give them: asc-devkit's include and impl dirs (8.5), then
/// tikcpp's tikcfw dirs (8.x), then <home>/include. Each dir once, by its
/// resolved path.
std::vector<std::string> ascendcIncludeDirs(const std::string &home);

/// The dir under `home` whose pto/pto-inst.hpp pto-isa's C++ (what ptoas
/// emits) includes, or "" when CANN ships none.
std::string ptoIsaIncludeDir(const std::string &home);

}  // namespace kiln::ascend
