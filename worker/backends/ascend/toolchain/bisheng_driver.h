// bisheng (CANN's clang-based device compiler) as a tool driver
// (worker/toolchain/tools/tool_driver.h), in the shape of nvcc_driver.h: the
// command line is built by kiln alone from the target's flag table and the
// CANN install discovery found; the source is always kernel.cpp in a fresh
// private work dir, compiled to kernel.o, whatever the client called it.
// Discovery searches an override, ASCEND_HOME_PATH / ASCEND_TOOLKIT_HOME
// (the CANN 8.x, 8.5 and 9.x layouts), PATH, then the standard CANN home
// (cann_layout.h); it refuses Kunpeng's CPU BiSheng (bisheng_identity.h).
#pragma once

#include <string>
#include <vector>

#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/toolchain/cann_layout.h"
#include "worker/backends/ascend/toolchain/kiln_loc_mapping.h"
#include "worker/toolchain/tools/tool_driver.h"

namespace kiln::ascend {

using BishengConfig = toolchain::ToolConfig;
/// The ToolConfig defaults; `search` unset reads the Ascend environment
/// (bishengSearch(ascendEnvironmentFromProcess())) at discovery.
BishengConfig defaultBishengConfig();

struct BishengJob {
  std::string source;  // C++ text: kiln's AscendC, or ptoas' output
  const AscendTarget *target = nullptr;
  CoreKind core = CoreKind::kVector;
  bool from_ptoas = false;  // adds pto-isa's include path and its arch macro
  // Set when `source` is a client's own AscendC C++ (an input, not kiln's
  // emitter's): its name, which diagnostics then carry.
  std::string client_source;
};

class BishengDriver : public toolchain::VendorDriver {
 public:
  using VendorDriver::VendorDriver;
  static toolchain::Discovered<BishengDriver> discover(BishengConfig config);

  /// kernel.cpp -> kernel.o, sandboxed with the CANN home visible read-only.
  /// Diagnostics are parsed (ascend_diagnostics.h) and mapped to the .mlir
  /// through the source's @kiln.loc markers (kiln_loc_mapping.h), or named
  /// for the client's file when the job has a client_source. A job
  /// whose target fails checkTarget() or lacks what the job needs is
  /// refused before anything runs. Thread-safe.
  toolchain::ToolRun compile(const BishengJob &job) const;

  /// bisheng's arguments (after its path) for `job`, reading kernel.cpp and
  /// writing kernel.o; empty when the job would be refused.
  std::vector<std::string> arguments(const BishengJob &job) const;

  /// The CANN home and layout the discovered bisheng belongs to.
  const CannInstall &install() const { return install_; }
  /// The -I dirs found under the home at discovery (ascendcIncludeDirs()).
  const std::vector<std::string> &includeDirs() const { return include_dirs_; }

 private:
  std::optional<Diagnostic> refuse(const BishengJob &job) const;

  CannInstall install_;
  std::vector<std::string> include_dirs_;
  std::string pto_isa_include_;  // "" when the home has no pto-isa headers
};

using BishengDiscovery = toolchain::Discovered<BishengDriver>;

}  // namespace kiln::ascend
