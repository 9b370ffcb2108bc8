// Turns MLIR diagnostics into kiln::Diagnostic records while in scope.
#pragma once

#include <optional>
#include <vector>

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "core/diagnostic.h"

namespace kiln {

/// The first file:line:col inside `loc` (it may be fused, a call site, named).
std::optional<mlir::FileLineColLoc> firstFileLocation(mlir::Location loc);

/// Converts one MLIR diagnostic, notes included.
Diagnostic convertDiagnostic(mlir::Diagnostic &diagnostic);

/// Collects every diagnostic emitted in `context` into `sink` while alive.
class DiagnosticCollector {
 public:
  DiagnosticCollector(mlir::MLIRContext &context, std::vector<Diagnostic> &sink);

 private:
  mlir::ScopedDiagnosticHandler handler_;
};

}  // namespace kiln
