#include "worker/backends/ascend/ascend_profile.h"

#include <set>

#include "cache/digest.h"
#include "worker/backends/ascend/ascend_source_inputs.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/validate/ascendc_validation.h"

namespace kiln::ascend {

ToolchainProfile toolchainProfile(const Toolchains &toolchains) {
  ToolchainProfile profile;
  profile.lowering = kLoweringVersion;
  if (toolchains.bisheng()) profile.tools["bisheng"] = toolchains.bisheng()->identity().key();
  if (toolchains.ptoas()) profile.tools["ptoas"] = toolchains.ptoas()->identity().key();
  const std::string &overrides = toolchains.config().device_overrides_json;
  if (!overrides.empty()) profile.settings["ascend_device_overrides"] = cache::Digest::of(overrides).hex();
  profile.settings[validateSetting(InputKind::kPto)] = kPtoInputVersion;
  profile.settings[validateSetting(InputKind::kAscendC)] = kAscendCValidationVersion;
  return profile;
}

std::vector<EmitRoute> routes() {
  const std::vector<std::string> &names = ascendTargetNames();
  std::set<std::string> all(names.begin(), names.end());
  std::set<std::string> withPtoas;
  std::string unused;
  for (const std::string &name : names)
    if (std::optional<AscendTarget> t = findAscendTarget(name, "", unused); t && !t->pto_arch.empty())
      withPtoas.insert(name);
  return {
      {all, CompilePath::kBuiltin, Emit::kAscendC, {}},
      {all, CompilePath::kBuiltin, Emit::kPto, {}},
      {all, CompilePath::kBuiltin, Emit::kObject, {"bisheng"}},
      {withPtoas, CompilePath::kBuiltin, Emit::kPtoObject, {"ptoas", "bisheng"}},
      {withPtoas, CompilePath::kBuiltin, Emit::kPtoObject, {"ptoas", "bisheng"}, InputKind::kPto},
      {all, CompilePath::kBuiltin, Emit::kObject, {"bisheng"}, InputKind::kAscendC},
  };
}

}  // namespace kiln::ascend
