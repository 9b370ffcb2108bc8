#include "worker/backends/nvidia/nvidia_toolchains.h"

namespace kiln::nvidia {

Toolchains Toolchains::discover(Config config) {
  Toolchains env;
  env.config_ = std::move(config);
  NvccDiscovery nvcc = NvccDriver::discover(env.config_.nvcc);
  env.nvcc_ = std::move(nvcc.driver);
  env.nvcc_missing_ = std::move(nvcc.diagnostics);
  PtxasDiscovery ptxas = PtxasDriver::discover(env.config_.ptxas);
  env.ptxas_ = std::move(ptxas.driver);
  env.ptxas_missing_ = std::move(ptxas.diagnostics);
  return env;
}

}  // namespace kiln::nvidia
