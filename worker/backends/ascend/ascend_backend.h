// Ascend as a Backend (worker/backends/backend.h): 910B2/910B3/910C/310P3/950
// through kiln's AscendC and PTO-MLIR emitters, then bisheng (and ptoas).
#pragma once

#include <memory>

#include "worker/backends/ascend/ascend_toolchains.h"
#include "worker/backends/backend.h"

namespace kiln::ascend {

class AscendBackend final : public Backend {
 public:
  explicit AscendBackend(Toolchains toolchains) : toolchains_(std::move(toolchains)) {}
  static std::unique_ptr<AscendBackend> discover(Config config) {
    return std::make_unique<AscendBackend>(Toolchains::discover(std::move(config)));
  }

  const char *name() const override { return "ascend"; }
  const std::vector<std::string> &targets() const override;
  std::vector<EmitRoute> routes() const override;
  ToolchainProfile profile() const override;
  std::vector<Diagnostic> missingTools() const override;
  CompileResult compile(const CompileRequest &request, const CompileHooks &hooks = {}) const override;

  const Toolchains &toolchains() const { return toolchains_; }

 private:
  Toolchains toolchains_;
};

}  // namespace kiln::ascend
