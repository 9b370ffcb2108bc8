#include "worker/pipeline/tile_ir_check.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/ir/tile_dialect.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/module_loader.h"
#include "worker/plan/inline_helpers.h"
#include "worker/plan/plan_for_target.h"

namespace kiln {

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
    plan::PlanResult planned = plan::planForDevice(func, device);
    out.diagnostics.insert(out.diagnostics.end(), planned.diagnostics.begin(), planned.diagnostics.end());
    ++out.kernels;
    // A plan that does not fit has already been reported at its op; the
    // checks would only repeat that.
    if (!planned.ok()) continue;
    std::vector<Diagnostic> findings = oracle::checkPlan(planned.plan, device);
    out.diagnostics.insert(out.diagnostics.end(), findings.begin(), findings.end());
  }
  return out;
}

}  // namespace kiln
