// Per-function resource usage from `ptxas -v`: what a kernel costs in
// registers, shared memory and spills, the numbers occupancy depends on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::nvidia {

struct KernelResources {
  std::string function;  // mangled name as ptxas prints it
  std::string arch;      // "sm_90"; empty for non-entry functions
  unsigned registers = 0;
  unsigned barriers = 0;
  uint64_t shared_bytes = 0;  // static shared memory
  uint64_t stack_frame_bytes = 0;
  uint64_t spill_store_bytes = 0;
  uint64_t spill_load_bytes = 0;

  uint64_t spillBytes() const { return spill_store_bytes + spill_load_bytes; }
};

/// One entry per function ptxas reported on, in the order it did.
std::vector<KernelResources> parsePtxasResourceUsage(std::string_view output);

}  // namespace kiln::nvidia
