// kiln's diagnostic record, shared by every stage and every tool. MLIR-free,
// so the client and the server can print what a worker reported.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kiln {

enum class Severity { kError, kWarning, kNote, kRemark };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;   // empty when the diagnostic has no source file
  unsigned line = 0;  // 1-based; 0 when unknown (with column 0 and a file: about the whole file)
  unsigned column = 0;
  std::string message;
  std::string tool = "kiln";  // who reported it: kiln, nvcc, ptxas, ...
  std::vector<Diagnostic> notes;
};

const char *severityName(Severity severity);
bool hasErrors(const std::vector<Diagnostic> &diagnostics);

/// The text of 1-based line `line` of `source` (no newline), or "".
std::string_view sourceLine(std::string_view source, unsigned line);

/// Diagnostics that name `file` at a line or column its `text` does not
/// have lose their position, and say where they claimed to be: MLIR honours
/// `loc("file":L:C)` written in the source, so a request could otherwise
/// point its errors at places that do not exist. Notes too.
void confineToSource(std::vector<Diagnostic> &diagnostics, std::string_view file, std::string_view text);

/// `file:line:col: error: message`, leaving out the parts that are unknown.
std::string formatHeadline(const Diagnostic &diagnostic);

/// The headline, then (when `source` holds the file's text) the source line
/// and a caret under the column, then each note the same way, as clang does.
std::string formatDiagnostic(const Diagnostic &diagnostic, std::string_view source = {});

}  // namespace kiln
