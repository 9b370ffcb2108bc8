#include "client/ptxas/ptxas_output.h"

namespace kiln::ptxas {
namespace {

// ptxas pads the severity word to eight columns: "error   :", "warning :".
std::string severityWord(const Diagnostic &d) {
  if (d.severity == Severity::kWarning) return "warning ";
  return d.file.empty() ? "fatal   " : "error   ";
}

bool shown(const Diagnostic &d) { return d.severity == Severity::kError || d.severity == Severity::kWarning; }

}  // namespace

std::string ptxasLine(const Diagnostic &d) {
  if (!shown(d)) return {};
  std::string out = "ptxas ";
  if (!d.file.empty()) out += d.file + ", line " + std::to_string(d.line) + "; ";
  return out + severityWord(d) + ": " + d.message + "\n";
}

std::string formatDiagnostics(const std::vector<Diagnostic> &diagnostics, std::string_view source) {
  std::string out;
  for (const Diagnostic &d : diagnostics) {
    if (!shown(d)) continue;
    out += d.tool == "ptxas" ? ptxasLine(d) : formatDiagnostic(d, source);
  }
  return out;
}

}  // namespace kiln::ptxas
