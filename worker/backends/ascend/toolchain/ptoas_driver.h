// ptoas (PTOAS v0.26, PTO-MLIR -> pto-isa C++) as a tool driver, in the
// shape of ptxas_driver.h: kernel.pto in a fresh private work dir becomes
// kernel.cpp, which bisheng then compiles (BishengJob::from_ptoas).
// Discovery searches an override, PTOAS_HOME/bin, the CANN homes' bin dirs,
// PATH, then the standard CANN home (cann_layout.h).
#pragma once

#include <string>
#include <vector>

#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/toolchain/kiln_loc_mapping.h"
#include "worker/toolchain/tools/tool_driver.h"

namespace kiln::ascend {

using PtoasConfig = toolchain::ToolConfig;
/// The ToolConfig defaults; `search` unset reads the Ascend environment
/// (ptoasSearch(ascendEnvironmentFromProcess())) at discovery.
PtoasConfig defaultPtoasConfig();

struct PtoasJob {
  std::string pto;  // PTO-MLIR text
  const AscendTarget *target = nullptr;
  int level = 3;  // 3: kiln's planner gave every alloc_tile its addr; 2: ptoas plans memory
  // Set when `pto` is a client's own PTO-MLIR (an input): its name, which
  // diagnostics then carry instead of being mapped through markers.
  std::string client_source;
};

class PtoasDriver : public toolchain::VendorDriver {
 public:
  using VendorDriver::VendorDriver;
  static toolchain::Discovered<PtoasDriver> discover(PtoasConfig config);

  /// kernel.pto -> kernel.cpp, sandboxed; diagnostics parsed and mapped to
  /// the .mlir through @kiln.loc markers. A target without a PTO arch, a
  /// level other than 2 or 3, or a target failing checkTarget() is refused
  /// before anything runs. Thread-safe.
  toolchain::ToolRun compile(const PtoasJob &job) const;

  /// ptoas's arguments (after its path): kernel.pto -o kernel.cpp
  /// --pto-arch=<a3|a5> --pto-level=level<N> --enable-insert-sync; empty
  /// when the job would be refused.
  static std::vector<std::string> arguments(const PtoasJob &job);
};

using PtoasDiscovery = toolchain::Discovered<PtoasDriver>;

}  // namespace kiln::ascend
