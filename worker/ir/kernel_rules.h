// Module-level rules of Tile IR that no single op can check: names every
// backend can emit (C identifiers), which functions are in kernel scope
// (kernels and everything they call), and program_id in helpers against the
// grids of the kernels that reach them.
#pragma once

#include <memory>

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace kiln::tile {

/// Emits a located error for every tile op outside kernel scope and every
/// helper program_id beyond a calling kernel's grid rank.
mlir::LogicalResult verifyKernelRules(mlir::ModuleOp module);

/// The same rules as a pass (`tile-verify-kernel-rules`), for kiln-opt.
std::unique_ptr<mlir::Pass> createVerifyKernelRulesPass();
void registerKernelRulesPass();

}  // namespace kiln::tile
