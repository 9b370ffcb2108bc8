// A PTO-MLIR input (PyPTO, hand-written) through the PTO oracle, ptoas and
// bisheng (ascend_source_inputs.h).
#include <chrono>

#include "worker/backends/ascend/ascend_input_steps.h"
#include "worker/backends/ascend/ascend_launch.h"
#include "worker/backends/ascend/ascend_source_inputs.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/compile_steps.h"
#include "worker/backends/source_digest.h"
#include "worker/oracle/oracle_stage.h"
#include "worker/oracle/pto/pto_check.h"

namespace kiln::ascend {
namespace {

using backends::append;
using backends::msSince;
using backends::plainError;

// A function that holds a tile in L1 or an L0 buffer runs on the cube unit.
CoreKind coreOf(const plan::KernelPlan &plan) {
  for (const plan::Buffer &b : plan.buffers)
    if (b.space == plan::MemorySpace::kL1 || b.space == plan::MemorySpace::kL0A ||
        b.space == plan::MemorySpace::kL0B || b.space == plan::MemorySpace::kL0C)
      return CoreKind::kCube;
  return CoreKind::kVector;
}

}  // namespace

CompileResult compilePtoInput(const CompileRequest &request, const Toolchains &env, const CompileHooks &hooks) {
  CompileResult result;
  if (!asksOnlyFor(request, Emit::kPtoObject, "a PTO-MLIR input is compiled by ptoas then bisheng", result)) return result;
  std::optional<AscendTarget> target = inputTarget(request, env, result);
  if (!target) return result;
  if (target->pto_arch.empty()) {
    result.diagnostics.push_back(plainError("PTOAS has no arch for " + target->name +
                                            " (it targets a3 = 910B/910C and a5 = 950)"));
    return result;
  }
  if (std::optional<CompileResult> ended = backends::admitSource(request, hooks)) return std::move(*ended);

  auto start = std::chrono::steady_clock::now();
  oracle::PtoCheck checked = oracle::checkPtoSource(request.source, target->device);
  result.timings.push_back({"pto-oracle", msSince(start)});
  if (!checked.read_errors.empty()) {
    append(result.diagnostics, checked.read_errors);
    return result;
  }
  if (!applyOracleFindings(std::move(checked.findings), request.oracle, result)) return result;

  std::vector<LaunchKernel> kernels;
  for (const plan::KernelPlan &plan : checked.plans) kernels.push_back({plan.kernel, coreOf(plan), 1, {}});
  for (const LaunchKernel &k : kernels)
    if (k.core != kernels.front().core) {
      result.diagnostics.push_back(plainError("[ascend.core-kinds] the module holds both vector and cube functions; "
                                              "one device object for " + target->name +
                                              " is compiled for one core kind: put them in separate files"));
      return result;
    }
  CoreKind core = kernels.empty() ? CoreKind::kVector : kernels.front().core;

  // Every check ran; only now does a missing tool end the compile.
  if (!env.ptoas() || !env.bisheng()) {
    if (!env.ptoas()) append(result.diagnostics, env.ptoasMissing());
    if (!env.bisheng()) append(result.diagnostics, env.bishengMissing());
    return result;
  }
  PtoasJob ptoas_job{request.source.text, &*target, request.pto_level, request.source.name};
  toolchain::ToolRun cpp = env.ptoas()->compile(ptoas_job);
  append(result.diagnostics, cpp.diagnostics);
  result.timings.push_back({"ptoas", static_cast<double>(cpp.wall_ms)});
  result.tools.push_back(cpp.identity.key());
  if (!cpp.ok()) return result;
  toolchain::ToolRun obj = env.bisheng()->compile({cpp.artifact, &*target, core, true});
  append(result.diagnostics, obj.diagnostics);
  result.timings.push_back({"bisheng-pto", static_cast<double>(obj.wall_ms)});
  result.tools.push_back(obj.identity.key());
  if (!obj.ok() || hasErrors(result.diagnostics)) {
    result.artifacts.clear();
    return result;
  }
  result.artifacts.push_back({artifactStem(request.source.name) + ".pto.o", emitName(Emit::kPtoObject), obj.artifact});
  nlohmann::json launch = launchFile(*target, kernels, checked.plans);
  launch["input"] = "pto";
  result.artifacts.push_back({"launch.json", "launch", launch.dump(2) + "\n"});
  return result;
}

}  // namespace kiln::ascend
