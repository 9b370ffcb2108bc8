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

}  // namespace kiln::toolchain
