#include "worker/pipeline/tile_ir_check.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/lower/kernel_phases.h"
#include "worker/backends/ascend/lower/launch_bounds.h"
#include "worker/ir/tile_dialect.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/module_loader.h"
#include "worker/plan/inline_helpers.h"
#include "worker/plan/plan_for_target.h"

namespace kiln {
namespace {

/// The plans an emitter would build code on. NVIDIA: the one plan. Ascend:
/// the planner's liveness placement (what PTO at level 3 uses) and the
/// InitBuffer-order placement the AscendC code reproduces
/// (ascend::ascendCPlannerConfig).
std::vector<plan::PlannerConfig> plansTheCodeUses(const oracle::DeviceSpec &device) {
  std::vector<plan::PlannerConfig> out(1);
  if (device.isAscend()) out.emplace_back().ascend_placement = plan::AscendPlacement::kInitBufferOrder;
  return out;
}

/// On an Ascend SoC with separate cube and vector cores, a mixed kernel is
/// checked as the phases a compile makes of it (kernel_phases.h).
mlir::LogicalResult splitAsACompileWould(mlir::ModuleOp module, const oracle::DeviceSpec &device) {
  if (!device.isAscend()) return mlir::success();
  std::string error;
  std::optional<ascend::AscendTarget> target = ascend::findAscendTarget(device.name, "", error);
  std::vector<ascend::lower::SplitKernel> split;
  if (!target) return mlir::success();
  if (mlir::failed(ascend::lower::checkBlockDims(module, *target))) return mlir::failure();
  return ascend::lower::splitMixedKernels(module, *target, split);
}

/// Appends what `to` does not already say: a finding in both plans is one.
void appendNew(std::vector<Diagnostic> &to, const std::vector<Diagnostic> &from) {
  for (const Diagnostic &d : from) {
    bool seen = false;
    for (const Diagnostic &e : to) seen |= formatHeadline(e) == formatHeadline(d);
    if (!seen) to.push_back(d);
  }
}

}  // namespace

TileIrCheckResult checkTileIr(const SourceFile &source, const oracle::DeviceSpec &device,
                              const FrontendConfig &config) {
  TileIrCheckResult out;
  LoadedModule loaded = loadModule(source, config);
  out.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.module || hasErrors(out.diagnostics)) return out;
  DiagnosticCollector collector(*loaded.context, out.diagnostics);
  if (mlir::failed(plan::inlineHelpers(*loaded.module))) return out;
  for (auto func : loaded.module->getOps<mlir::func::FuncOp>()) out.kernels += func->hasAttr(tile::TileDialect::kKernelAttrName);
  if (mlir::failed(splitAsACompileWould(*loaded.module, device))) return out;
  for (auto func : loaded.module->getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
    for (const plan::PlannerConfig &config : plansTheCodeUses(device)) {
      plan::PlanResult planned = plan::planForDevice(func, device, config);
      appendNew(out.diagnostics, planned.diagnostics);
      // A plan that does not fit has already been reported at its op; the
      // checks would only repeat that.
      if (planned.ok()) appendNew(out.diagnostics, oracle::checkPlan(planned.plan, device));
    }
  }
  return out;
}

}  // namespace kiln
