// Tile IR -> PTO-MLIR, the text PTOAS v0.26 reads: one `module` with one
// `func.func` per kernel, global memrefs as `!pto.ptr<T>` arguments viewed
// through `pto.make_tensor_view`/`pto.partition_view`, every plan buffer a
// `pto.alloc_tile` in its plan space, and destination-passing tile ops
// (`pto.tload`, `pto.tadd`, `pto.trowmax`, `pto.tmatmul`, ...) in program
// order, scf.for/scf.if carried over.
//
// Level 3 gives each `alloc_tile` the byte offset kiln's planner chose
// (`addr = %c<N>_i64`), so ptoas --pto-level=level3 skips its PlanMemory
// and the plan the oracle checked is the plan the code uses. Level 2 leaves
// the addresses out for ptoas to plan. Scratch tiles that PTO ops need and
// Tile IR has no value for (trowmax's tmp, softmax's row statistics) sit
// above the plan's high-water mark at level 3.
//
// Every text kiln emits reads back through kiln's own PTO front end
// (worker/oracle/pto/pto_frontend.h) with no diagnostic and passes the
// oracle on the target's DeviceSpec; tests/backends/ascend/pto proves it
// for every example and target. What has no correct PTO form fails with a
// located error through MLIR's diagnostic engine:
//   [pto.unsupported]    an op, dtype or move PTO has no form for on the target
//   [pto.tile-shape]     a tile pto-isa's shape rules cannot hold, or (level
//                        3) whose padding the plan has no room for
//   [pto.scratch]        the scratch PTO ops need does not fit beside the plan
//   [ascend.mixed-cores] cube and vector work in one kernel on split cores
//                        (kernel_phases.h splits such kernels first)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/lower/kernel_to_lower.h"

namespace kiln::ascend::lower {

struct PtoOptions {
  int level = 3;  // 3: addresses from kiln's plan; 2: none (ptoas plans them)
};

struct PtoKernel {
  std::string name;
  CoreKind core = CoreKind::kVector;
  int64_t block_dim = 1;  // the grid, linearised row-major
  std::vector<std::string> params;
};

struct PtoSource {
  std::string text;  // one module with a func.func per kernel
  std::vector<PtoKernel> kernels;
  bool ok = false;  // false: errors were emitted through MLIR's diagnostic engine
};

PtoSource emitPto(const std::vector<KernelToLower> &kernels, const AscendTarget &target,
                  const PtoOptions &options = {});

}  // namespace kiln::ascend::lower
