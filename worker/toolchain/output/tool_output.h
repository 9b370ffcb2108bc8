// What a tool printed, turned into diagnostics by a parser its backend
// supplies: nvcc and ptxas lines for NVIDIA (backends/nvidia/toolchain/
// nvidia_diagnostics.h), bisheng and ptoas lines for Ascend. The generic
// runner (tool_invocation.h) only knows this shape.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "worker/toolchain/output/output_paths.h"

namespace kiln::toolchain {

struct ToolOutputContext {
  /// Named as the tool on records from lines that name none.
  std::string tool;
  OutputPaths paths;
  /// Text of the main input and its logical name, for columns and snippets.
  std::string_view source;
  std::string source_name;
  /// Keep unrecognised lines: on a failed run they may be the only account
  /// of what went wrong.
  bool run_failed = false;
};

using ToolOutputParser = std::function<std::vector<Diagnostic>(std::string_view output, const ToolOutputContext &)>;

/// Every parser's last step: on a failed run, the lines it did not
/// recognise, as notes of one "<tool> printed output kiln does not
/// recognise" (an error unless `parsed` already holds one), appended to
/// `parsed`. On a run that succeeded they are dropped.
inline void appendUnrecognised(std::vector<Diagnostic> &parsed, std::vector<std::string> unparsed,
                               const ToolOutputContext &context) {
  if (!context.run_failed || unparsed.empty()) return;
  Diagnostic d;
  d.severity = hasErrors(parsed) ? Severity::kNote : Severity::kError;
  d.tool = context.tool;
  d.message = context.tool + " printed output kiln does not recognise";
  for (std::string &text : unparsed) {
    Diagnostic note;
    note.severity = Severity::kNote;
    note.tool = context.tool;
    note.message = std::move(text);
    d.notes.push_back(std::move(note));
  }
  parsed.push_back(std::move(d));
}

}  // namespace kiln::toolchain
