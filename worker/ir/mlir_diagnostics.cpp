#include "worker/ir/mlir_diagnostics.h"

namespace kiln {

std::optional<mlir::FileLineColLoc> firstFileLocation(mlir::Location loc) {
  std::optional<mlir::FileLineColLoc> found;
  loc->walk([&](mlir::Location inner) {
    if (auto fileLoc = inner.dyn_cast<mlir::FileLineColLoc>()) {
      found = fileLoc;
      return mlir::WalkResult::interrupt();
    }
    return mlir::WalkResult::advance();
  });
  return found;
}

namespace {
Severity convertSeverity(mlir::DiagnosticSeverity severity) {
  switch (severity) {
    case mlir::DiagnosticSeverity::Error: return Severity::kError;
    case mlir::DiagnosticSeverity::Warning: return Severity::kWarning;
    case mlir::DiagnosticSeverity::Note: return Severity::kNote;
    case mlir::DiagnosticSeverity::Remark: return Severity::kRemark;
  }
  return Severity::kError;
}
}  // namespace

Diagnostic convertDiagnostic(mlir::Diagnostic &diagnostic) {
  Diagnostic out;
  out.severity = convertSeverity(diagnostic.getSeverity());
  out.message = diagnostic.str();
  if (auto loc = firstFileLocation(diagnostic.getLocation())) {
    out.file = loc->getFilename().str();
    out.line = loc->getLine();
    out.column = loc->getColumn();
  }
  for (mlir::Diagnostic &note : diagnostic.getNotes()) out.notes.push_back(convertDiagnostic(note));
  return out;
}

DiagnosticCollector::DiagnosticCollector(mlir::MLIRContext &context, std::vector<Diagnostic> &sink)
    : handler_(&context, [&sink](mlir::Diagnostic &diagnostic) {
        sink.push_back(convertDiagnostic(diagnostic));
        return mlir::success();
      }) {}

}  // namespace kiln
