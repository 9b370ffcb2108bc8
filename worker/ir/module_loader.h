// Parse and verify Tile IR into an MLIR module: the first step of every
// worker stage (front end, planner, reference executor). Worker-internal:
// it exposes MLIR types, so only code under worker/ and worker tests use it.
#pragma once

#include <memory>
#include <vector>

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "core/diagnostic.h"
#include "core/source_file.h"
#include "worker/ir/frontend_config.h"

namespace kiln {

/// A verified module together with the context that owns it, or the
/// diagnostics that explain why there is none.
struct LoadedModule {
  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<Diagnostic> diagnostics;
  bool ok() const { return module && !hasErrors(diagnostics); }
};

/// A single-threaded context with the Tile IR dialects loaded.
std::unique_ptr<mlir::MLIRContext> makeTileContext();

/// Parses `source`, runs MLIR's verifier and kiln's module-level rules.
/// Diagnostics emitted in the returned context later on are not collected;
/// callers that keep working on the module install their own collector.
LoadedModule loadModule(const SourceFile &source, const FrontendConfig &config = {});

}  // namespace kiln
