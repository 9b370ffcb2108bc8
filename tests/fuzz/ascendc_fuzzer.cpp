// libFuzzer target: arbitrary bytes as an AscendC source through kiln's
// static validations (worker/backends/ascend/validate/), on a split-core
// and the 310P target. Every diagnostic is located inside the text and
// carries its [ascendc.*] code; nothing crashes, hangs or leaks.
// tests/fuzz/run-fuzzers.sh builds and runs it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "tests/fuzz/diagnostic_invariants.h"
#include "worker/backends/ascend/validate/ascendc_validation.h"

namespace {

const kiln::ascend::AscendTarget &target(const char *name) {
  static std::optional<kiln::ascend::AscendTarget> b2, p3;
  std::optional<kiln::ascend::AscendTarget> &slot = std::string(name) == "ascend310p3" ? p3 : b2;
  if (!slot) {
    std::string error;
    slot = kiln::ascend::findAscendTarget(name, "", error);
    if (!slot) __builtin_trap();
  }
  return *slot;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  kiln::SourceFile source{"fuzz.cpp", std::string(reinterpret_cast<const char *>(data), size)};
  unsigned lines = kiln::fuzz::countLines(source.text);
  for (const char *name : {"ascend910b2", "ascend310p3"}) {
    kiln::ascend::AscendCValidation result = kiln::ascend::validateAscendC(source, target(name));
    kiln::fuzz::checkAll(result.diagnostics, source.text, lines, "fuzz.cpp");
    for (const kiln::Diagnostic &d : result.diagnostics)
      if (d.message.rfind("[ascendc.", 0) != 0) __builtin_trap();
  }
  return 0;
}
