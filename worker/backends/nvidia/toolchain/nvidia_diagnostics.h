// Turns what nvcc (with cudafe++, cicc and the host preprocessor) and ptxas
// print into kiln::Diagnostic records. Caret and context lines fold into the
// record they belong to; paths are rewritten (output_paths.h); on a failed
// run, lines nobody recognises are kept rather than lost.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "worker/toolchain/output/tool_output.h"

namespace kiln::nvidia {

/// context.tool names records from lines that name none (cudafe++, the host
/// compiler); lines starting "ptxas" are always ptxas's. When the context
/// line cudafe++ prints matches the source line, the caret under it gives
/// the column; otherwise (macro-expanded lines) the column stays unknown.
std::vector<Diagnostic> parseNvidiaOutput(std::string_view output, const toolchain::ToolOutputContext &context);

}  // namespace kiln::nvidia
