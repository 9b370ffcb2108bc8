#include "worker/backends/ascend/ascend_toolchains.h"

namespace kiln::ascend {

Toolchains Toolchains::discover(Config config) {
  Toolchains env;
  env.config_ = std::move(config);
  auto bisheng = BishengDriver::discover(env.config_.bisheng);
  env.bisheng_ = std::move(bisheng.driver);
  env.bisheng_missing_ = std::move(bisheng.diagnostics);
  auto ptoas = PtoasDriver::discover(env.config_.ptoas);
  env.ptoas_ = std::move(ptoas.driver);
  env.ptoas_missing_ = std::move(ptoas.diagnostics);
  return env;
}

}  // namespace kiln::ascend
