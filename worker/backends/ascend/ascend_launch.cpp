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
                          const std::vector<plan::KernelPlan> &plans) {
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
  return {{"target", target.name}, {"soc_version", target.soc_version}, {"via", "builtin"}, {"kernels", out}};
}

}  // namespace kiln::ascend
