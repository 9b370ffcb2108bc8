#include "client/cli/diagnostic_output.h"

#include <iostream>

namespace kiln::cli {

void printDiagnostics(const std::vector<Diagnostic> &diagnostics, std::string_view source) {
  for (const Diagnostic &d : diagnostics) std::cerr << formatDiagnostic(d, source);
  std::cerr.flush();
}

nlohmann::json toJson(const Diagnostic &d) {
  nlohmann::json out = {
      {"severity", severityName(d.severity)},
      {"file", d.file},
      {"line", d.line},
      {"column", d.column},
      {"message", d.message},
      {"tool", d.tool},
  };
  if (!d.notes.empty()) out["notes"] = toJson(d.notes);
  return out;
}

nlohmann::json toJson(const std::vector<Diagnostic> &diagnostics) {
  nlohmann::json out = nlohmann::json::array();
  for (const Diagnostic &d : diagnostics) out.push_back(toJson(d));
  return out;
}

}  // namespace kiln::cli
