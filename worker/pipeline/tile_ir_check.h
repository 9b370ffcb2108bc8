// `kiln check FILE.mlir`: the safety oracle over the plans kiln's planners
// build for a Tile IR module on one device, without compiling. MLIR-free
// header; the work happens in the .cpp.
#pragma once

#include <vector>

#include "worker/oracle/device/device_spec.h"
#include "core/diagnostic.h"
#include "worker/pipeline/frontend.h"

namespace kiln {

struct TileIrCheckResult {
  std::vector<Diagnostic> diagnostics;  // the front end's, the planner's, then the oracle's
  std::size_t kernels = 0;              // kernels planned and checked
};

TileIrCheckResult checkTileIr(const SourceFile &source, const oracle::DeviceSpec &device,
                              const FrontendConfig &config = {});

}  // namespace kiln
