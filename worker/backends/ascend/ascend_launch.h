// launch.json for an Ascend compile: what a host needs to launch each
// kernel with aclrtLaunchKernel / <<<blockDim, l2ctrl, stream>>>: its name,
// the block dim (the Tile IR grid, linearised row-major: GetBlockIdx()
// runs over [0, block_dim)), the core kind and arch it was compiled for,
// the on-chip bytes it uses per buffer space, and its parameters in order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/lower/kernel_phases.h"
#include "worker/plan/memory_plan.h"

namespace kiln::ascend {

struct LaunchKernel {
  std::string name;
  CoreKind core = CoreKind::kVector;
  int64_t block_dim = 1;
  std::vector<std::string> params;  // the entry's parameter names, in order
};

/// {target, soc_version, via: "builtin", kernels: [{name, block_dim, grid,
/// core, arch, buffer_bytes: {UB: n, ...}, params: [{name, kind, type}]}],
/// mixed_kernels: [{name, launch_in_order: [phase...], workspaces: [{param,
/// type, bytes}]}]}. `plans` gives each kernel's grid, buffers and parameter
/// types, by name; `split` the source kernels made of phases (the
/// `kernels` entries of a mixed kernel are its phases).
nlohmann::json launchFile(const AscendTarget &target, const std::vector<LaunchKernel> &kernels,
                          const std::vector<plan::KernelPlan> &plans,
                          const std::vector<lower::SplitKernel> &split = {});

}  // namespace kiln::ascend
