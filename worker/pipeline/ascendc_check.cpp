#include "worker/pipeline/ascendc_check.h"

#include <cctype>

#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/validate/ascendc_validation.h"

namespace kiln {

AscendCCheckResult checkAscendCSource(const SourceFile &source, std::string_view target,
                                      std::string_view device_overrides_json) {
  AscendCCheckResult result;
  std::string name(target);
  for (char &c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string error;
  std::optional<ascend::AscendTarget> found = ascend::findAscendTarget(name, device_overrides_json, error);
  if (!found) {
    result.error = !error.empty() ? error : "kiln has no Ascend target named " + std::string(target);
    return result;
  }
  ascend::AscendCValidation validated = ascend::validateAscendC(source, *found);
  result.diagnostics = std::move(validated.diagnostics);
  result.entry_points = std::move(validated.entry_points);
  return result;
}

}  // namespace kiln
