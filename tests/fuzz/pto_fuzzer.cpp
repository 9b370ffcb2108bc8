// libFuzzer target: arbitrary bytes as PTO-MLIR text through the oracle's PTO
// front end, then every plan check on each function it reads. The checks are
// fuzzed through the reader on purpose: parsed plans reach states (missing
// buffers, odd shapes, zero sizes) that hand-built test plans do not.
// tests/fuzz/run-fuzzers.sh builds and runs it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "tests/fuzz/diagnostic_invariants.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/oracle/device/device_spec.h"
#include "worker/oracle/pto/pto_frontend.h"

namespace {

using kiln::Diagnostic;
using kiln::fuzz::checkAll;

const kiln::oracle::DeviceSpec &ascend() {
  static const kiln::oracle::DeviceSpec spec = [] {
    std::optional<kiln::oracle::DeviceSpec> found = kiln::oracle::findDeviceSpec("ascend910b2");
    if (!found) __builtin_trap();
    return *found;
  }();
  return spec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view text(reinterpret_cast<const char *>(data), size);
  unsigned lines = kiln::fuzz::countLines(text);

  kiln::oracle::PtoReadResult read = kiln::oracle::readPto(text, "fuzz.pto");
  checkAll(read.diagnostics, text, lines);
  for (const kiln::plan::KernelPlan &plan : read.functions) {
    std::vector<Diagnostic> findings = kiln::oracle::checkPlan(plan, ascend());
    checkAll(findings, text, lines);
    // Every finding carries its stable code, which SARIF output turns into a ruleId.
    for (const Diagnostic &d : findings)
      if (d.message.rfind("[oracle.", 0) != 0) __builtin_trap();
    if (kiln::hasErrors(kiln::oracle::applyMode(findings, kiln::oracle::OracleMode::kWarn))) __builtin_trap();
  }
  return 0;
}
