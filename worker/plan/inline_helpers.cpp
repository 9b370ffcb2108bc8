#include "worker/plan/inline_helpers.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"

namespace kiln::plan {

mlir::LogicalResult inlineHelpers(mlir::ModuleOp module) {
  mlir::PassManager passes(module.getContext());
  passes.addPass(mlir::createInlinerPass());
  passes.addPass(mlir::createSymbolDCEPass());
  return passes.run(module);
}

}  // namespace kiln::plan
