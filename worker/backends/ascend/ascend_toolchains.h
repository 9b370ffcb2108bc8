// The Ascend backend's configuration and the toolchains discovery found for
// it: bisheng (CANN's device compiler) and ptoas. Either may be absent; the
// source emits (ascendc, pto) need neither, the binary emits need them, and
// a request for one that is missing is refused naming the tool and where it
// was searched. MLIR-free.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "worker/backends/ascend/toolchain/bisheng_driver.h"
#include "worker/backends/ascend/toolchain/ptoas_driver.h"
#include "worker/ir/frontend_config.h"

namespace kiln::ascend {

struct Config {
  FrontendConfig frontend;
  // Device spec overrides, the JSON of oracle::applyDeviceOverrides (e.g.
  // {"ascend910b2": {"ub": 196608}}); empty: the table's numbers.
  std::string device_overrides_json;
  BishengConfig bisheng = defaultBishengConfig();
  PtoasConfig ptoas = defaultPtoasConfig();
  // Test-only: plan with PlannerConfig::faulty_overlap, so tests can prove
  // the oracle stops a broken plan before any code is emitted.
  bool faulty_planner = false;
};

class Toolchains {
 public:
  static Toolchains discover(Config config);

  const Config &config() const { return config_; }
  const BishengDriver *bisheng() const { return bisheng_ ? &*bisheng_ : nullptr; }
  const PtoasDriver *ptoas() const { return ptoas_ ? &*ptoas_ : nullptr; }
  /// Why a tool is missing ("bisheng not found (searched: ...)").
  const std::vector<Diagnostic> &bishengMissing() const { return bisheng_missing_; }
  const std::vector<Diagnostic> &ptoasMissing() const { return ptoas_missing_; }

 private:
  Config config_;
  std::optional<BishengDriver> bisheng_;
  std::optional<PtoasDriver> ptoas_;
  std::vector<Diagnostic> bisheng_missing_, ptoas_missing_;
};

}  // namespace kiln::ascend
