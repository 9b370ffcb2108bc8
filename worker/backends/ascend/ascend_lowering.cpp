#include "worker/backends/ascend/ascend_lowering.h"

#include <chrono>

#include "worker/backends/compile_steps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/ir/canonical_digest.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/tile_dialect.h"
#include "worker/oracle/oracle_stage.h"
#include "worker/plan/ascend_planner.h"
#include "worker/plan/inline_helpers.h"

namespace kiln::ascend {
namespace {

using backends::msSince;
using backends::plainError;

/// Appends the diagnostics of `from` that `to` does not already hold.
void appendNew(std::vector<Diagnostic> &to, const std::vector<Diagnostic> &from) {
  for (const Diagnostic &d : from) {
    bool seen = false;
    for (const Diagnostic &e : to) seen |= formatHeadline(e) == formatHeadline(d);
    if (!seen) to.push_back(d);
  }
}

}  // namespace

Lowered lowerForAscend(const CompileRequest &request, const Config &config, const CompileHooks &hooks,
                       CompileResult &result, AscendLowering &out) {
  auto start = std::chrono::steady_clock::now();
  std::string error;
  std::optional<AscendTarget> target = findAscendTarget(request.target, config.device_overrides_json, error);
  if (!target) {
    std::string known;
    for (const std::string &name : ascendTargetNames()) known += " " + name;
    result.diagnostics.push_back(plainError(error.empty() ? "unknown target '" + request.target +
                                                                "'; kiln's Ascend backend compiles for" + known
                                                          : "bad Ascend device overrides: " + error));
    return Lowered::kFailed;
  }
  out.target = std::move(*target);

  out.loaded = loadModule(request.source, config.frontend);
  result.diagnostics.insert(result.diagnostics.end(), out.loaded.diagnostics.begin(), out.loaded.diagnostics.end());
  result.timings.push_back({"frontend", msSince(start)});
  if (!out.loaded.ok()) return Lowered::kFailed;
  if (hooks.after_parse)
    if (std::optional<CompileResult> answer = hooks.after_parse(tile::canonicalDigest(*out.loaded.module))) {
      result = std::move(*answer);
      return Lowered::kAnswered;
    }

  DiagnosticCollector collector(*out.loaded.context, result.diagnostics);
  start = std::chrono::steady_clock::now();
  mlir::ModuleOp module = *out.loaded.module;
  if (mlir::failed(plan::inlineHelpers(module))) return Lowered::kFailed;
  // Which cores a kernel needs decides what can be made of it at all, so it
  // comes before any plan: a mixed kernel on a split-core SoC is planned
  // and checked as the phases its code will be.
  if (mlir::failed(lower::checkBlockDims(module, out.target)) ||
      mlir::failed(lower::splitMixedKernels(module, out.target, out.split)))
    return Lowered::kFailed;
  bool planOk = true;
  auto planAll = [&](plan::PlannerConfig planner, PlannedKernels &into) {
    planner.faulty_overlap = config.faulty_planner;
    for (auto func : module.getOps<mlir::func::FuncOp>()) {
      if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
      auto planned = std::make_unique<plan::PlanResult>(plan::planKernelForAscend(func, out.target.device, planner));
      appendNew(result.diagnostics, planned->diagnostics);
      planOk &= planned->ok();
      into.kernels.push_back({func, planned.get()});
      into.plans.push_back(std::move(planned));
    }
  };
  if (wants(request, Emit::kAscendC) || wants(request, Emit::kObject)) planAll(ascendCPlannerConfig(), out.for_ascendc);
  if (wants(request, Emit::kPto) || wants(request, Emit::kPtoObject)) planAll({}, out.for_pto);
  result.timings.push_back({"plan", msSince(start)});
  if (!planOk) return Lowered::kFailed;

  start = std::chrono::steady_clock::now();
  std::vector<plan::KernelPlan> plans;
  for (const PlannedKernels *set : {&out.for_ascendc, &out.for_pto})
    for (const auto &planned : set->plans) plans.push_back(planned->plan);
  CompileResult checked;
  bool oracleOk = runOracleStage(plans, out.target.device, request.oracle, checked);
  // A finding both plans share (a constant out-of-bounds index) is one finding.
  appendNew(result.diagnostics, checked.diagnostics);
  result.oracle_verdict = checked.oracle_verdict;
  result.timings.push_back({"oracle", msSince(start)});
  return oracleOk ? Lowered::kDone : Lowered::kFailed;
}

plan::PlannerConfig ascendCPlannerConfig() {
  plan::PlannerConfig config;
  config.ascend_placement = plan::AscendPlacement::kInitBufferOrder;
  return config;
}

}  // namespace kiln::ascend
