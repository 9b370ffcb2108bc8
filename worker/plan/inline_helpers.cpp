#include "worker/plan/inline_helpers.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

namespace kiln::plan {

mlir::LogicalResult inlineHelpers(mlir::ModuleOp module) {
  mlir::PassManager passes(module.getContext());
  // No canonicalization while inlining: it would delete unused tile loads
  // before the oracle could warn about them (oracle.dead-tile); lowering
  // canonicalizes its own output afterwards.
  passes.addPass(mlir::createInlinerPass({}, [](mlir::OpPassManager &) {}));
  passes.addPass(mlir::createSymbolDCEPass());
  return passes.run(module);
}

}  // namespace kiln::plan
