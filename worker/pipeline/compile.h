// Compiling Tile IR for an NVIDIA target: the whole job a worker runs.
// MLIR-free, so the CLI calls it without MLIR headers. The request and
// result value types are in core/.
//
//   source -> front end -> inline helpers -> plan (per kernel) -> oracle
//          -> lower to upstream GPU MLIR -> { built-in: NVVM -> PTX -> ptxas
//                                            { nvcc:     CUDA C -> nvcc
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/pipeline/frontend.h"
#include "worker/plan/nvidia_targets.h"
#include "worker/toolchain/nvcc_driver.h"
#include "worker/toolchain/ptxas_driver.h"

namespace kiln {

struct CompileConfig {
  FrontendConfig frontend;
  int block_threads = 256;
  plan::NvidiaTargetOverrides target_overrides;
  std::string libdevice_path = "/usr/local/cuda/nvvm/libdevice/libdevice.10.bc";
  toolchain::NvccConfig nvcc;
  toolchain::PtxasConfig ptxas;
  // Test-only: plan with PlannerConfig::faulty_overlap, so tests can prove
  // the oracle stops a broken plan before it reaches a toolchain.
  bool faulty_planner = false;
};

/// The configuration plus the toolchains found for it. Discovery hashes the
/// tool binaries, so a long-lived worker discovers once and compiles many.
class CompileEnvironment {
 public:
  static CompileEnvironment discover(CompileConfig config);

  const CompileConfig &config() const { return config_; }
  const toolchain::NvccDriver *nvcc() const { return nvcc_ ? &*nvcc_ : nullptr; }
  const toolchain::PtxasDriver *ptxas() const { return ptxas_ ? &*ptxas_ : nullptr; }
  /// Why a tool is missing ("nvcc not found (searched: ...)").
  const std::vector<Diagnostic> &nvccMissing() const { return nvcc_missing_; }
  const std::vector<Diagnostic> &ptxasMissing() const { return ptxas_missing_; }

 private:
  CompileConfig config_;
  std::optional<toolchain::NvccDriver> nvcc_;
  std::optional<toolchain::PtxasDriver> ptxas_;
  std::vector<Diagnostic> nvcc_missing_, ptxas_missing_;
};

CompileResult compile(const CompileRequest &request, const CompileEnvironment &environment);

}  // namespace kiln
