#include "worker/backends/ascend/ascend_launch.h"

#include <algorithm>
#include <map>

namespace kiln::ascend {
namespace {

const plan::KernelPlan *planNamed(const std::vector<plan::KernelPlan> &plans, const std::string &name) {
  for (const plan::KernelPlan &p : plans)
    if (p.kernel == name) return &p;
  return nullptr;
}

/// The high-water mark of each space: what the kernel's buffers occupy.
nlohmann::json bufferBytes(const plan::KernelPlan &plan) {
  std::map<std::string, int64_t> bytes;
  for (const plan::Buffer &b : plan.buffers) {
    int64_t &top = bytes[plan::memorySpaceName(b.space)];
    top = std::max(top, b.offset + b.bytes);
  }
  return bytes;
}

}  // namespace

nlohmann::json launchFile(const AscendTarget &target, const std::vector<LaunchKernel> &kernels,
                          const std::vector<plan::KernelPlan> &plans, const std::vector<lower::SplitKernel> &split) {
  nlohmann::json out = nlohmann::json::array();
  for (const LaunchKernel &k : kernels) {
    nlohmann::json entry = {{"name", k.name},
                            {"block_dim", k.block_dim},
                            {"core", coreKindName(k.core)},
                            {"arch", target.archFor(k.core)}};
    nlohmann::json params = nlohmann::json::array();
    if (const plan::KernelPlan *plan = planNamed(plans, k.name)) {
      entry["grid"] = plan->grid;
      entry["buffer_bytes"] = bufferBytes(*plan);
      for (size_t i = 0; i < plan->params.size(); ++i) {
        const plan::KernelParam &p = plan->params[i];
        // The entry's own names (the source's) where the emitter gave them.
        std::string name = i < k.params.size() ? k.params[i] : p.name;
        params.push_back({{"name", name}, {"kind", p.kind}, {"type", p.type}});
      }
    } else {
      for (const std::string &name : k.params) params.push_back({{"name", name}});
    }
    entry["params"] = params;
    out.push_back(entry);
  }
  nlohmann::json file = {{"target", target.name}, {"soc_version", target.soc_version}, {"via", "builtin"}, {"kernels", out}};
  if (split.empty()) return file;
  // A host runs a mixed kernel as its phases, in order, each over the whole
  // grid with the same arguments: the kernel's own, then the workspaces
  // (global memory of the bytes given; nothing reads what it did not write).
  nlohmann::json mixed = nlohmann::json::array();
  for (const lower::SplitKernel &k : split) {
    nlohmann::json phases = nlohmann::json::array(), workspaces = nlohmann::json::array();
    for (const lower::KernelPhase &p : k.phases) phases.push_back(p.name);
    for (size_t i = 0; i < k.workspaces.size(); ++i)
      workspaces.push_back({{"param", "arg" + std::to_string(k.user_params + i)},
                            {"type", k.workspaces[i].type},
                            {"bytes", k.workspaces[i].bytes}});
    mixed.push_back({{"name", k.kernel}, {"launch_in_order", phases}, {"workspaces", workspaces}});
  }
  file["mixed_kernels"] = mixed;
  return file;
}

}  // namespace kiln::ascend
