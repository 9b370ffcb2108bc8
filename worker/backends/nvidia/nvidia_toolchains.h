// The NVIDIA backend's configuration and the toolchains discovery found for
// it. Discovery hashes the tool binaries, so a long-lived worker discovers
// once and compiles many. MLIR-free.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "worker/backends/nvidia/toolchain/nvcc_driver.h"
#include "worker/backends/nvidia/toolchain/ptxas_driver.h"
#include "worker/ir/frontend_config.h"
#include "worker/plan/nvidia_targets.h"

namespace kiln::nvidia {

struct Config {
  FrontendConfig frontend;
  int block_threads = 256;
  plan::NvidiaTargetOverrides target_overrides;
  std::string libdevice_path = "/usr/local/cuda/nvvm/libdevice/libdevice.10.bc";
  NvccConfig nvcc;
  PtxasConfig ptxas = defaultPtxasConfig();
  // Test-only: plan with PlannerConfig::faulty_overlap, so tests can prove
  // the oracle stops a broken plan before it reaches a toolchain.
  bool faulty_planner = false;
};

class Toolchains {
 public:
  static Toolchains discover(Config config);

  const Config &config() const { return config_; }
  const NvccDriver *nvcc() const { return nvcc_ ? &*nvcc_ : nullptr; }
  const PtxasDriver *ptxas() const { return ptxas_ ? &*ptxas_ : nullptr; }
  /// Why a tool is missing ("nvcc not found (searched: ...)").
  const std::vector<Diagnostic> &nvccMissing() const { return nvcc_missing_; }
  const std::vector<Diagnostic> &ptxasMissing() const { return ptxas_missing_; }

 private:
  Config config_;
  std::optional<NvccDriver> nvcc_;
  std::optional<PtxasDriver> ptxas_;
  std::vector<Diagnostic> nvcc_missing_, ptxas_missing_;
};

}  // namespace kiln::nvidia
