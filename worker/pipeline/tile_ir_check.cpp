#include "worker/pipeline/tile_ir_check.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/lower/kernel_core_kind.h"
#include "worker/ir/tile_dialect.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/module_loader.h"
#include "worker/plan/inline_helpers.h"
#include "worker/plan/plan_for_target.h"

namespace kiln {
namespace {

/// The plans an emitter would build code on. NVIDIA: the one plan. Ascend:
/// the planner's liveness placement (what PTO at level 3 uses), and, for a
/// kernel the AscendC emitter takes, the InitBuffer-order placement its
/// code reproduces (ascend::ascendCPlannerConfig). A mixed cube+vector
/// kernel on a split-core SoC gets no AscendC, so only the first applies.
std::vector<plan::PlannerConfig> plansTheCodeUses(mlir::func::FuncOp kernel, const oracle::DeviceSpec &device) {
  std::vector<plan::PlannerConfig> out(1);
  if (!device.isAscend()) return out;
  std::string error;
  std::optional<ascend::AscendTarget> target = ascend::findAscendTarget(device.name, "", error);
  if (target && target->split_cores && ascend::lower::coreUse(kernel).mixed()) return out;
  out.emplace_back().ascend_placement = plan::AscendPlacement::kInitBufferOrder;
  return out;
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
  for (auto func : loaded.module->getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
    ++out.kernels;
    for (const plan::PlannerConfig &config : plansTheCodeUses(func, device)) {
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
