// NVIDIA as a Backend (worker/backends/backend.h): sm_75 .. sm_120 through
// kiln's MLIR/LLVM lowering and ptxas, or kiln's CUDA C through nvcc.
#pragma once

#include <memory>

#include "worker/backends/backend.h"
#include "worker/backends/nvidia/nvidia_toolchains.h"

namespace kiln::nvidia {

class NvidiaBackend final : public Backend {
 public:
  explicit NvidiaBackend(Toolchains toolchains) : toolchains_(std::move(toolchains)) {}
  static std::unique_ptr<NvidiaBackend> discover(Config config) {
    return std::make_unique<NvidiaBackend>(Toolchains::discover(std::move(config)));
  }

  const char *name() const override { return "nvidia"; }
  const std::vector<std::string> &targets() const override;
  std::vector<EmitRoute> routes() const override;
  ToolchainProfile profile() const override;
  std::vector<Diagnostic> missingTools() const override;
  CompileResult compile(const CompileRequest &request, const CompileHooks &hooks = {}) const override;

  const Toolchains &toolchains() const { return toolchains_; }

 private:
  Toolchains toolchains_;
};

}  // namespace kiln::nvidia
