#include "worker/pipeline/compile.h"

namespace kiln {

CompileEnvironment CompileEnvironment::discover(CompileConfig config) {
  CompileEnvironment env;
  env.config_ = std::move(config);
  toolchain::NvccDiscovery nvcc = toolchain::NvccDriver::discover(env.config_.nvcc);
  env.nvcc_ = std::move(nvcc.driver);
  env.nvcc_missing_ = std::move(nvcc.diagnostics);
  toolchain::PtxasDiscovery ptxas = toolchain::PtxasDriver::discover(env.config_.ptxas);
  env.ptxas_ = std::move(ptxas.driver);
  env.ptxas_missing_ = std::move(ptxas.diagnostics);
  return env;
}

}  // namespace kiln
