#include "worker/backends/nvidia/nvidia_device.h"

namespace kiln::nvidia {

oracle::DeviceSpec deviceSpecFor(const plan::NvidiaTarget &target) {
  oracle::DeviceSpec spec = oracle::findDeviceSpec(target.arch).value_or(oracle::DeviceSpec{});
  spec.name = target.arch;
  spec.vendor = "nvidia";
  spec.static_shared_limit = target.static_shared_limit;
  spec.max_shared_per_block = target.max_shared_per_block;
  spec.spaces = {{plan::MemorySpace::kShared, target.max_shared_per_block, 16, true}};
  return spec;
}

}  // namespace kiln::nvidia
