// What every fuzzer asserts about the diagnostics a reader or a check gives,
// whatever the input: a message, and a location inside the text (else the
// CLI prints, and SARIF records, a place that does not exist).
#pragma once

#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace kiln::fuzz {

inline unsigned countLines(std::string_view text) {
  unsigned lines = 1;
  for (char c : text) lines += c == '\n';
  return lines;
}

// `file`: where positions are checked; empty checks every diagnostic. MLIR
// input may name other files in loc() (a producer's own source), which
// kiln keeps as written (core/diagnostic.h confineToSource).
inline void checkDiagnostic(const Diagnostic &d, unsigned lines, std::string_view file = {}) {
  if (d.message.empty()) __builtin_trap();
  // Line 0 column 0 is about the whole file (core/diagnostic.h).
  bool whole_file = d.line == 0 && d.column == 0;
  bool ours = file.empty() || d.file == file;
  if (!d.file.empty() && ours && !whole_file && (d.line < 1 || d.line > lines)) __builtin_trap();
  for (const Diagnostic &note : d.notes) checkDiagnostic(note, lines, file);
}

inline void checkAll(const std::vector<Diagnostic> &diagnostics, std::string_view text, unsigned lines,
                     std::string_view file = {}) {
  for (const Diagnostic &d : diagnostics) {
    checkDiagnostic(d, lines, file);
    if (formatDiagnostic(d, text).empty()) __builtin_trap();
  }
}

}  // namespace kiln::fuzz
