#include "worker/plan/launch_metadata.h"

namespace kiln::plan {

nlohmann::json launchMetadata(const KernelPlan &plan) {
  nlohmann::json grid = plan.grid;
  while (grid.size() < 3) grid.push_back(1);
  nlohmann::json params = nlohmann::json::array();
  for (const KernelParam &p : plan.params)
    params.push_back({{"name", p.name}, {"kind", p.kind}, {"type", p.type}});
  return {
      {"name", plan.kernel},
      {"grid", grid},
      {"block", {plan.block_threads, 1, 1}},
      {"static_shared_bytes", plan.dynamic_shared ? 0 : plan.shared_bytes},
      {"dynamic_shared_bytes", plan.dynamic_shared ? plan.shared_bytes : 0},
      // Over 48 KiB a launch must first raise the kernel's
      // cudaFuncAttributeMaxDynamicSharedMemorySize to dynamic_shared_bytes.
      {"needs_shared_opt_in", plan.dynamic_shared},
      {"params", params},
  };
}

nlohmann::json launchFile(const std::string &target, const std::string &via,
                          const std::vector<KernelPlan> &plans) {
  nlohmann::json kernels = nlohmann::json::array();
  for (const KernelPlan &plan : plans) kernels.push_back(launchMetadata(plan));
  return {{"target", target}, {"via", via}, {"kernels", kernels}};
}

}  // namespace kiln::plan
