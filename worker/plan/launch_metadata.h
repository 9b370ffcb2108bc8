// launch.json: what a host needs to launch the compiled kernels, written
// next to the artifacts: names, grid, block, shared memory and parameters.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "worker/plan/memory_plan.h"

namespace kiln::plan {

/// One kernel's entry: {name, grid, block, static_shared_bytes,
/// dynamic_shared_bytes, needs_shared_opt_in, params[{name, kind, type}]}.
nlohmann::json launchMetadata(const KernelPlan &plan);

/// The whole file: {target, via, kernels: [...]}.
nlohmann::json launchFile(const std::string &target, const std::string &via,
                          const std::vector<KernelPlan> &plans);

}  // namespace kiln::plan
