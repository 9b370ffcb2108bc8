// NVIDIA targets kiln compiles for, with the on-chip limits the planner
// plans within (shared/spec/device-specs.md, CUDA Programming Guide tables).
// Every number can be overridden from configuration.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kiln::plan {

struct NvidiaTarget {
  std::string arch;                        // "sm_90"
  int64_t shared_per_sm = 0;               // bytes
  int64_t max_shared_per_block = 0;        // bytes, dynamic with the opt-in
  int64_t static_shared_limit = 48 * 1024; // bytes; more needs dynamic smem
  int max_threads_per_block = 1024;
  // LLVM 16's NVPTX writes PTX for at most sm_90; newer arches assemble
  // sm_90 PTX with ptxas.
  std::string ptx_arch;
  // gridDim limits along x, y and z on every arch since sm_30 (CUDA
  // Programming Guide, "Technical Specifications"); a grid past them is
  // accepted by nvcc and ptxas and fails only at launch.
  std::array<int64_t, 3> max_grid = {2147483647, 65535, 65535};
};

/// Per-field overrides, e.g. from a worker's configuration file.
struct NvidiaTargetOverrides {
  std::optional<int64_t> shared_per_sm;
  std::optional<int64_t> max_shared_per_block;
  std::optional<int64_t> static_shared_limit;
  std::optional<int> max_threads_per_block;
};

/// Names of the supported targets, in order.
const std::vector<std::string> &nvidiaTargetNames();

/// The target called `arch`, or nothing when kiln does not know it.
std::optional<NvidiaTarget> findNvidiaTarget(const std::string &arch,
                                             const NvidiaTargetOverrides &overrides = {});

}  // namespace kiln::plan
