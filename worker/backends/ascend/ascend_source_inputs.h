// Compiling an Ascend source another producer wrote, for an Ascend target:
//
//   PTO-MLIR:    text? -> key (after_parse) -> PTO oracle -> ptoas -> bisheng -> pto-obj
//   AscendC C++: text? -> key (after_parse) -> AscendC validations -> bisheng -> obj
//
// with kiln's per-SoC flags (the drivers in toolchain/), the client's file
// name on every diagnostic, and launch.json. Malformed input fails whatever
// the oracle mode; the mode decides what the checks' findings do. A binary
// request whose tool is missing is refused before any work, naming where it
// was searched. MLIR-free.
#pragma once

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "worker/backends/ascend/ascend_toolchains.h"
#include "worker/backends/backend.h"

namespace kiln::ascend {

// Enter the keys of these inputs (ToolchainProfile's "validate.pto" and
// "validate.ascendc"): bump one when its checks or its path's output change.
inline constexpr const char *kPtoInputVersion = "kiln-pto-input.1";
// (AscendC's is validate/ascendc_validation.h's kAscendCValidationVersion.)

CompileResult compilePtoInput(const CompileRequest &request, const Toolchains &toolchains,
                              const CompileHooks &hooks = {});
CompileResult compileAscendCInput(const CompileRequest &request, const Toolchains &toolchains,
                                  const CompileHooks &hooks = {});

}  // namespace kiln::ascend
