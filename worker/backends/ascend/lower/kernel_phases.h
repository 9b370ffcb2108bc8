// Mixed cube and vector kernels on SoCs whose cube (AIC) and vector (AIV)
// cores are separate (910B/910C/950): the kernel is split into phases, each
// a kernel of one core kind that both emitters already lower.
//
// Consecutive top-level ops of one kind form a phase, named
// `<kernel>_p<k>_cube` or `_vector`, with the kernel's grid. A tile that one
// phase makes and a later one reads goes through a workspace: a memref
// parameter kiln appends (each block its own slice, at its program ids),
// stored by the maker, loaded by the reader. Index arithmetic, constants
// and loads of memrefs the kernel never stores to are recomputed in each
// phase that uses them instead of crossing.
//
// The host launches the phases in order, each over the whole grid, with the
// same arguments (the kernel's own, then the workspaces; launch.json's
// `mixed_kernels`). A kernel boundary orders one phase's stores before the
// next phase's loads, so there is no cross-core flag to get wrong. What
// cannot be split this way (cube and vector work inside one loop, a scalar
// made by one kind and used by the other, a 3-D grid) is a located
// [ascend.mixed-cores] error, never code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "mlir/IR/BuiltinOps.h"
#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend::lower {

struct KernelPhase {
  std::string name;
  CoreKind core = CoreKind::kVector;
};

struct PhaseWorkspace {
  std::string type;   // its memref type, as written in the phases' signatures
  int64_t bytes = 0;  // the global memory the host allocates for it
};

struct SplitKernel {
  std::string kernel;               // the source's kernel, which the module no longer holds
  std::vector<KernelPhase> phases;  // in launch order
  size_t user_params = 0;           // the source kernel's parameters, which every phase takes first
  std::vector<PhaseWorkspace> workspaces;  // the parameters after those, in order
};

/// Replaces each mixed kernel of `module` (helpers inlined) by its phases
/// when `target` splits its cores; appends what it split to `split`. Fails
/// with located errors for a kernel it cannot split.
mlir::LogicalResult splitMixedKernels(mlir::ModuleOp module, const AscendTarget &target,
                                      std::vector<SplitKernel> &split);

}  // namespace kiln::ascend::lower
