// An AscendC C++ input (TileLang, Triton-Ascend, hand-written) through
// kiln's AscendC validations and bisheng (ascend_source_inputs.h).
#include <chrono>
#include <regex>

#include "worker/backends/ascend/ascend_input_steps.h"
#include "worker/backends/ascend/ascend_launch.h"
#include "worker/backends/ascend/ascend_source_inputs.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/validate/ascendc_validation.h"
#include "worker/backends/compile_steps.h"
#include "worker/backends/source_digest.h"
#include "worker/oracle/oracle_stage.h"

namespace kiln::ascend {
namespace {

using backends::append;
using backends::msSince;
using backends::plainError;

// What is wrong with the input itself (it may not reach bisheng at all) as
// against what the checks found in a kernel (the oracle mode decides).
bool isInputError(const Diagnostic &d) {
  return d.severity == Severity::kError &&
         (d.message.rfind("[ascendc.include]", 0) == 0 || d.message.rfind("[ascendc.entry]", 0) == 0 ||
          d.message.rfind("[ascendc.input]", 0) == 0 ||
          d.message.rfind("[input.", 0) == 0 || d.message.rfind("[ascendc.", 0) != 0);
}

// Which unit the kernels run on, read from the AscendC API they use: cube
// positions and matmul make a cube kernel, anything else is a vector one.
// A kernel that declares itself mixed (KERNEL_TYPE_MIX_*) needs both, which
// one device object of a split-core SoC cannot be.
std::optional<CoreKind> coreOf(const std::string &text, const AscendTarget &target, CompileResult &result) {
  static const std::regex cube(R"(\b(TPosition|QuePosition)::(A1|A2|B1|B2|CO1|CO2)\b|\bMmad\s*\(|\bMatmul\s*<)");
  static const std::regex mixed(R"(\bKERNEL_TYPE_MIX_\w+)");
  if (target.split_cores && std::regex_search(text, mixed)) {
    result.diagnostics.push_back(plainError("[ascend.mixed-cores] the source declares a mixed cube and vector "
                                            "kernel; " + target.name + " runs them on separate cores, and one "
                                            "device object is compiled for one"));
    return std::nullopt;
  }
  return std::regex_search(text, cube) ? CoreKind::kCube : CoreKind::kVector;
}

}  // namespace

CompileResult compileAscendCInput(const CompileRequest &request, const Toolchains &env, const CompileHooks &hooks) {
  CompileResult result;
  if (!asksOnlyFor(request, Emit::kObject, "an AscendC C++ input is compiled by bisheng", result)) return result;
  std::optional<AscendTarget> target = inputTarget(request, env, result);
  if (!target) return result;
  if (std::optional<CompileResult> ended = backends::admitSource(request, hooks)) return std::move(*ended);

  auto start = std::chrono::steady_clock::now();
  AscendCValidation checked = validateAscendC(request.source, *target);
  result.timings.push_back({"ascendc-validate", msSince(start)});
  std::vector<Diagnostic> findings;
  // Remarks ("cannot bound this InitBuffer") are information, not findings.
  for (Diagnostic &d : checked.diagnostics) {
    bool finding = !isInputError(d) && (d.severity == Severity::kError || d.severity == Severity::kWarning);
    (finding ? findings : result.diagnostics).push_back(std::move(d));
  }
  if (hasErrors(result.diagnostics)) return result;
  if (!applyOracleFindings(std::move(findings), request.oracle, result)) return result;
  std::optional<CoreKind> core = coreOf(request.source.text, *target, result);
  if (!core) return result;

  // Every check ran; only now does a missing bisheng end the compile.
  if (!env.bisheng()) {
    append(result.diagnostics, env.bishengMissing());
    return result;
  }
  BishengJob job{request.source.text, &*target, *core, false, request.source.name};
  toolchain::ToolRun obj = env.bisheng()->compile(job);
  append(result.diagnostics, obj.diagnostics);
  result.timings.push_back({"bisheng", static_cast<double>(obj.wall_ms)});
  result.tools.push_back(obj.identity.key());
  if (!obj.ok() || hasErrors(result.diagnostics)) {
    result.artifacts.clear();
    return result;
  }
  result.artifacts.push_back({artifactStem(request.source.name) + ".o", emitName(Emit::kObject), obj.artifact});
  std::vector<LaunchKernel> kernels;
  for (const std::string &entry : checked.entry_points) kernels.push_back({entry, *core, 1, {}});
  nlohmann::json launch = launchFile(*target, kernels, {});
  launch["input"] = "ascendc";
  result.artifacts.push_back({"launch.json", "launch", launch.dump(2) + "\n"});
  return result;
}

}  // namespace kiln::ascend
