// How the CLI shows diagnostics: compiler-style text on stderr, or JSON.
#pragma once

#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/diagnostic.h"

namespace kiln::cli {

/// Writes each diagnostic to stderr as `file:line:col: error: ...` with the
/// source line and a caret; `source` is the text of the file they refer to.
void printDiagnostics(const std::vector<Diagnostic> &diagnostics, std::string_view source);

nlohmann::json toJson(const Diagnostic &diagnostic);
nlohmann::json toJson(const std::vector<Diagnostic> &diagnostics);

}  // namespace kiln::cli
