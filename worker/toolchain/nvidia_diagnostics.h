// Turns what nvcc (with cudafe++, cicc and the host preprocessor) and ptxas
// print into kiln::Diagnostic records. Caret and context lines fold into the
// record they belong to; paths are rewritten (output_paths.h); on a failed
// run, lines nobody recognises are kept rather than lost.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "worker/toolchain/output_paths.h"

namespace kiln::toolchain {

struct NvidiaOutputContext {
  /// Named as the tool on records from lines that name none (cudafe++,
  /// the host compiler); lines starting "ptxas" are always ptxas's.
  std::string tool = "nvcc";
  OutputPaths paths;
  /// Text of the main source and its logical name. When the context line
  /// cudafe++ prints matches the source line, the caret under it gives the
  /// column; otherwise (macro-expanded lines) the column stays unknown.
  std::string_view source;
  std::string source_name;
  /// Keep unrecognised lines: on a failed run they may be the only account
  /// of what went wrong.
  bool run_failed = false;
};

std::vector<Diagnostic> parseNvidiaOutput(std::string_view output, const NvidiaOutputContext &context);

}  // namespace kiln::toolchain
