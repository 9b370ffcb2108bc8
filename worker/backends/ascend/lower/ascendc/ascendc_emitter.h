// Tile IR -> AscendC C++: one .cpp with every kernel of a module, written
// the way Huawei's public AscendC samples are (a kernel class with a TPipe,
// TQue VECIN/VECOUT queues and TBuf<VECCALC> buffers, GlobalTensor views,
// an extern "C" __global__ __aicore__ entry with GM_ADDR parameters), so an
// AscendC developer can read it. Every tile sits where the Ascend plan
// (PlannerConfig::ascend_placement = kInitBufferOrder) puts it, so the plan
// the oracle checked is the plan the code uses. What the emitter cannot
// lower correctly on a target is a located [ascend.unsupported] error at
// the op, never wrong code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/lower/kernel_to_lower.h"

namespace kiln::ascend::lower {

// Test-only: plant one kind of bug, to prove kiln's AscendC CPU model
// catches it. Each plants into the first tile loaded from GM into a VECIN
// queue. Never set in production.
enum class PlantedBug { kNone, kDequeEmpty, kQueueOverfill, kUseAfterFree, kOverCapacity, kUnalignedStart, kShortCopy };

struct AscendCOptions {
  PlantedBug planted_bug = PlantedBug::kNone;
};

struct AscendCKernel {  // what launch.json needs
  std::string name;
  CoreKind core = CoreKind::kVector;
  int64_t block_dim = 1;            // the grid, linearised
  std::vector<std::string> params;  // parameter names in order, as the entry declares them
};

struct AscendCSource {
  std::string text;  // one .cpp with every kernel of the module
  std::vector<AscendCKernel> kernels;
  bool ok = false;  // false: errors were emitted through MLIR's diagnostic engine
};

/// Each kernel's plan must come from planKernelForAscend with
/// ascend_placement = kInitBufferOrder and the target's device spec.
AscendCSource emitAscendC(const std::vector<KernelToLower> &kernels, const AscendTarget &target,
                          const AscendCOptions &options = {});

/// The prefix of the comment written before each op's lines:
/// "// @kiln.loc FILE:LINE:COL". The bisheng driver maps tool diagnostics
/// back to the .mlir through it, so its format is fixed.
inline constexpr const char *kLocationCommentPrefix = "// @kiln.loc ";

}  // namespace kiln::ascend::lower
