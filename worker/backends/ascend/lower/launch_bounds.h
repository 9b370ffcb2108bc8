// The launch an Ascend kernel asks for: its grid, linearised row-major, is
// the block dim of aclrtLaunchKernel / <<<blockDim, ...>>>, which AscendC
// takes in [1, 65535]. A grid beyond that (or one whose product overflows)
// is a located [ascend.block-dim] error before any plan or code.
#pragma once

#include <cstdint>

#include "mlir/IR/BuiltinOps.h"
#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend::lower {

inline constexpr int64_t kMaxBlockDim = 65535;

/// Every tile.kernel of `module` on `target`; errors through MLIR's engine.
mlir::LogicalResult checkBlockDims(mlir::ModuleOp module, const AscendTarget &target);

}  // namespace kiln::ascend::lower
