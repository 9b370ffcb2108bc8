#include "worker/plan/nvidia_targets.h"

namespace kiln::plan {
namespace {

constexpr int64_t KiB = 1024;

// Shared memory per SM and the opt-in maximum per block, from the CUDA
// Programming Guide's compute-capability tables (shared/spec/device-specs.md).
// sm_70 is absent: CUDA 13 dropped it and ptxas rejects it.
const std::vector<NvidiaTarget> &table() {
  static const std::vector<NvidiaTarget> targets = {
      {"sm_75", 64 * KiB, 64 * KiB, 48 * KiB, 1024, "sm_75"},
      {"sm_80", 164 * KiB, 163 * KiB, 48 * KiB, 1024, "sm_80"},
      {"sm_86", 100 * KiB, 99 * KiB, 48 * KiB, 1024, "sm_86"},
      {"sm_89", 100 * KiB, 99 * KiB, 48 * KiB, 1024, "sm_89"},
      {"sm_90", 228 * KiB, 227 * KiB, 48 * KiB, 1024, "sm_90"},
      {"sm_100", 228 * KiB, 227 * KiB, 48 * KiB, 1024, "sm_90"},
      {"sm_120", 100 * KiB, 99 * KiB, 48 * KiB, 1024, "sm_90"},
  };
  return targets;
}

}  // namespace

const std::vector<std::string> &nvidiaTargetNames() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const NvidiaTarget &t : table()) out.push_back(t.arch);
    return out;
  }();
  return names;
}

std::optional<NvidiaTarget> findNvidiaTarget(const std::string &arch,
                                             const NvidiaTargetOverrides &overrides) {
  for (NvidiaTarget target : table()) {
    if (target.arch != arch) continue;
    if (overrides.shared_per_sm) target.shared_per_sm = *overrides.shared_per_sm;
    if (overrides.max_shared_per_block) target.max_shared_per_block = *overrides.max_shared_per_block;
    if (overrides.static_shared_limit) target.static_shared_limit = *overrides.static_shared_limit;
    if (overrides.max_threads_per_block) target.max_threads_per_block = *overrides.max_threads_per_block;
    return target;
  }
  return std::nullopt;
}

}  // namespace kiln::plan
