// Builds the KernelPlan of one kernel for one NVIDIA target: every tile
// value gets a shared-memory buffer, buffers are shared by liveness, and a
// kernel that cannot fit fails with a located diagnostic.
#pragma once

#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "core/diagnostic.h"
#include "worker/plan/memory_plan.h"
#include "worker/plan/nvidia_targets.h"

namespace kiln::plan {

// How the Ascend planner lays buffers out in each on-chip memory.
// kLiveness: first-fit by live range, buffers whose lives are disjoint
// overlap (what the oracle alone needs). kInitBufferOrder: what AscendC's
// TPipe::InitBuffer does, which the AscendC emitter relies on: every buffer
// gets its own region for the whole kernel, bumped in buffer-id order
// (queue buffers once per copy), so the emitted InitBuffer calls land
// exactly on the plan's offsets; a zero tile.constant that only starts
// matmul accumulators sits in L0C (Mmad's cmatrixInitVal is its code).
enum class AscendPlacement { kLiveness, kInitBufferOrder };

struct PlannerConfig {
  int block_threads = 256;
  AscendPlacement ascend_placement = AscendPlacement::kLiveness;
  int64_t alignment = 16;  // bytes; every buffer starts on a 16-byte boundary
  // Test-only: a deliberately broken plan (two live buffers overlapped), to
  // prove the oracle catches planner bugs. Never set in production.
  bool faulty_overlap = false;
};

struct PlanResult {
  KernelPlan plan;
  llvm::DenseMap<mlir::Value, int> buffer_of;  // tile value -> Buffer::id
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return !hasErrors(diagnostics); }
};

/// `kernel` must have its helper calls inlined (see inline_helpers.h).
PlanResult planKernel(mlir::func::FuncOp kernel, const NvidiaTarget &target,
                      const PlannerConfig &config = {});

}  // namespace kiln::plan
