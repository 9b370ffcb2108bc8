#include "worker/backends/ascend/ascend_compile.h"

#include <algorithm>
#include <chrono>

#include "worker/backends/compile_steps.h"
#include "worker/backends/ascend/ascend_launch.h"
#include "worker/backends/ascend/ascend_lowering.h"
#include "worker/backends/ascend/lower/ascendc/ascendc_emitter.h"
#include "worker/backends/ascend/lower/pto/pto_emitter.h"
#include "worker/ir/mlir_diagnostics.h"

namespace kiln::ascend {
namespace {

using backends::msSince;
using backends::plainError;
using backends::append;

/// What can be refused before any work: emit kinds that are not Ascend's,
/// another compile path, and binary emits whose tools are missing.
bool requestIsServable(const CompileRequest &request, const Toolchains &env, CompileResult &result) {
  if (request.emit.empty()) {
    result.diagnostics.push_back(plainError("nothing to emit; ask for ascendc, pto, obj or pto-obj"));
    return false;
  }
  for (Emit emit : request.emit)
    if (emit != Emit::kAscendC && emit != Emit::kPto && emit != Emit::kObject && emit != Emit::kPtoObject) {
      result.diagnostics.push_back(plainError(std::string("--emit ") + emitName(emit) + " is not an output for " +
                                              request.target + "; Ascend targets emit ascendc, pto, obj and pto-obj"));
      return false;
    }
  if (request.via != CompilePath::kBuiltin) {
    result.diagnostics.push_back(plainError(std::string("--via ") + compilePathName(request.via) +
                                            " is an NVIDIA path; Ascend targets compile through kiln's own emitters"));
    return false;
  }
  if (request.pto_level != 2 && request.pto_level != 3) {
    result.diagnostics.push_back(plainError("PTO level " + std::to_string(request.pto_level) + " is not 2 or 3"));
    return false;
  }
  bool ok = true;
  if ((wants(request, Emit::kObject) || wants(request, Emit::kPtoObject)) && !env.bisheng()) {
    append(result.diagnostics, env.bishengMissing());
    ok = false;
  }
  if (wants(request, Emit::kPtoObject) && !env.ptoas()) {
    append(result.diagnostics, env.ptoasMissing());
    ok = false;
  }
  return ok;
}

/// The core kinds of a module's kernels, cube first; one device object is
/// compiled per kind (bisheng compiles for the vector or the cube arch, not
/// both), named <stem>.o when there is one kind and <stem>.<kind>.o when a
/// module holds both (separate kernels, or a mixed kernel's phases).
std::vector<CoreKind> coreKinds(const std::vector<CoreKind> &kinds) {
  std::vector<CoreKind> out;
  for (CoreKind kind : {CoreKind::kCube, CoreKind::kVector})
    if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) out.push_back(kind);
  return out;
}

std::string objectName(const std::string &stem, CoreKind kind, bool several, const std::string &suffix) {
  return stem + (several ? std::string(".") + coreKindName(kind) : std::string()) + suffix;
}

/// The kernels that run on `kind`; `kinds[i]` is the core of `all[i]`.
std::vector<lower::KernelToLower> kernelsOn(CoreKind kind, const std::vector<lower::KernelToLower> &all,
                                            const std::vector<CoreKind> &kinds) {
  std::vector<lower::KernelToLower> out;
  for (size_t i = 0; i < all.size() && i < kinds.size(); ++i)
    if (kinds[i] == kind) out.push_back(all[i]);
  return out;
}

/// bisheng over C++ text; the driver maps its diagnostics back to the .mlir
/// through the text's location markers.
bool runBisheng(const Toolchains &env, const AscendTarget &target, const std::string &cpp, CoreKind core,
                bool fromPtoas, const std::string &name, Emit emit, CompileResult &result) {
  toolchain::ToolRun run = env.bisheng()->compile({cpp, &target, core, fromPtoas});
  append(result.diagnostics, run.diagnostics);  // mapped to the .mlir by the driver
  result.timings.push_back({fromPtoas ? "bisheng-pto" : "bisheng", static_cast<double>(run.wall_ms)});
  result.tools.push_back(run.identity.key());
  if (!run.ok()) return false;
  result.artifacts.push_back({name, emitName(emit), run.artifact});
  return true;
}

CompileResult compileSteps(const CompileRequest &request, const Toolchains &env, const CompileHooks &hooks) {
  CompileResult result;
  if (!requestIsServable(request, env, result)) return result;
  AscendLowering lowered;
  switch (lowerForAscend(request, env.config(), hooks, result, lowered)) {
    case Lowered::kFailed: return result;
    case Lowered::kAnswered: return result;  // the hook answered (a cache hit)
    case Lowered::kDone: break;
  }
  DiagnosticCollector collector(*lowered.loaded.context, result.diagnostics);
  const AscendTarget &target = lowered.target;
  std::string stem = artifactStem(request.source.name);
  std::vector<LaunchKernel> launch;

  if (wants(request, Emit::kAscendC) || wants(request, Emit::kObject)) {
    auto start = std::chrono::steady_clock::now();
    lower::AscendCSource source = lower::emitAscendC(lowered.for_ascendc.kernels, target);
    result.timings.push_back({"ascendc", msSince(start)});
    if (!source.ok || hasErrors(result.diagnostics)) return result;
    if (wants(request, Emit::kAscendC)) result.artifacts.push_back({stem + ".cpp", "ascendc", source.text});
    std::vector<CoreKind> kinds;
    for (const lower::AscendCKernel &k : source.kernels) {
      kinds.push_back(k.core);
      launch.push_back({k.name, k.core, k.block_dim, k.params});
    }
    if (wants(request, Emit::kObject)) {
      std::vector<CoreKind> cores = coreKinds(kinds);
      for (CoreKind core : cores) {
        std::string text = cores.size() == 1
                               ? source.text
                               : lower::emitAscendC(kernelsOn(core, lowered.for_ascendc.kernels, kinds), target).text;
        if (!runBisheng(env, target, text, core, false, objectName(stem, core, cores.size() > 1, ".o"), Emit::kObject,
                        result))
          return result;
      }
    }
  }
  if (wants(request, Emit::kPto) || wants(request, Emit::kPtoObject)) {
    auto start = std::chrono::steady_clock::now();
    lower::PtoSource pto = lower::emitPto(lowered.for_pto.kernels, target, {request.pto_level});
    result.timings.push_back({"pto", msSince(start)});
    if (!pto.ok || hasErrors(result.diagnostics)) return result;
    if (wants(request, Emit::kPto)) result.artifacts.push_back({stem + ".pto", "pto", pto.text});
    std::vector<CoreKind> kinds;
    for (const lower::PtoKernel &k : pto.kernels) {
      kinds.push_back(k.core);
      if (launch.size() < pto.kernels.size()) launch.push_back({k.name, k.core, k.block_dim, k.params});
    }
    if (wants(request, Emit::kPtoObject)) {
      if (target.pto_arch.empty()) {
        result.diagnostics.push_back(plainError("--emit pto-obj: PTOAS has no arch for " + target.name +
                                                " (it targets a3 = 910B/910C and a5 = 950)"));
        return result;
      }
      std::vector<CoreKind> cores = coreKinds(kinds);
      for (CoreKind core : cores) {
        std::string text = cores.size() == 1
                               ? pto.text
                               : lower::emitPto(kernelsOn(core, lowered.for_pto.kernels, kinds), target,
                                                {request.pto_level}).text;
        toolchain::ToolRun cpp = env.ptoas()->compile({text, &target, request.pto_level});
        append(result.diagnostics, cpp.diagnostics);
        result.timings.push_back({"ptoas", static_cast<double>(cpp.wall_ms)});
        result.tools.push_back(cpp.identity.key());
        if (!cpp.ok()) return result;
        if (!runBisheng(env, target, cpp.artifact, core, true, objectName(stem, core, cores.size() > 1, ".pto.o"),
                        Emit::kPtoObject, result))
          return result;
      }
    }
  }
  if (hasErrors(result.diagnostics)) {
    result.artifacts.clear();  // never hand out part of a failed compile
    return result;
  }
  // launch.json's buffer bytes are the AscendC code's when it was made.
  std::vector<plan::KernelPlan> plans;
  const PlannedKernels &placed = lowered.for_ascendc.plans.empty() ? lowered.for_pto : lowered.for_ascendc;
  for (const auto &planned : placed.plans) plans.push_back(planned->plan);
  result.artifacts.push_back({"launch.json", "launch", launchFile(target, launch, plans, lowered.split).dump(2) + "\n"});
  return result;
}

}  // namespace

CompileResult compile(const CompileRequest &request, const Toolchains &env, const CompileHooks &hooks) {
  CompileResult result = compileSteps(request, env, hooks);
  // A later emit's failure (the PTO of a kernel whose AscendC was made)
  // leaves nothing of the earlier ones behind.
  if (hasErrors(result.diagnostics)) result.artifacts.clear();
  return result;
}

}  // namespace kiln::ascend
