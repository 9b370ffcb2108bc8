// Turns what bisheng (clang-based) and ptoas (MLIR-based) print into
// kiln::Diagnostic records. Both speak clang's form:
//   kernel.cpp:12:3: error: use of undeclared identifier 'x'
//   kernel.pto:3:5: error: 'pto.tadd' op operand #0 ...
//   bisheng: error: unknown argument: '--foo'      (the driver, no file)
//   fatal error: ..., warning: ..., note: ..., remark: ...
// A note belongs to the record before it. The source and caret lines clang
// prints under a headline are dropped (the headline has the column);
// "In file included from" chains become notes of the record they lead to;
// "N errors generated." is noise. Paths are rewritten (output_paths.h), and
// on a failed run lines nobody recognises are kept rather than lost.
#pragma once

#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "worker/toolchain/output/tool_output.h"

namespace kiln::ascend {

std::vector<Diagnostic> parseAscendOutput(std::string_view output, const toolchain::ToolOutputContext &context);

}  // namespace kiln::ascend
