// `kiln check FILE.cpp|FILE.asc`: kiln's static validations of an AscendC
// source for one Ascend target (worker/backends/ascend/validate/), reached
// from the client through this floor. MLIR-free and LLVM-free, so the thin
// kiln runs it itself.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"

namespace kiln {

struct AscendCCheckResult {
  std::vector<Diagnostic> diagnostics;
  std::vector<std::string> entry_points;  // extern "C" __global__ __aicore__ kernels, in order
  std::string error;                      // non-empty: the target or the overrides are bad (nothing was checked)
};

/// `target` is a kiln Ascend target name (any case); `device_overrides_json`
/// is the text of a --device-spec file, or empty.
AscendCCheckResult checkAscendCSource(const SourceFile &source, std::string_view target,
                                      std::string_view device_overrides_json);

}  // namespace kiln
