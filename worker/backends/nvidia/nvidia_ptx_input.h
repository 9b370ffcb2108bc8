// Compiling a PTX input, another producer's PTX (Triton, nvcc -ptx, written
// by hand), for an NVIDIA target: the whole job.
//
//   text? -> key (after_parse) -> PTX oracle -> ptxas (kiln's arguments from
//   the request's PtxasOptions) -> cubin, launch.json, ptxas -v as tool_log
//
// Malformed PTX fails whatever the oracle mode; the mode decides what the
// oracle's findings do. MLIR-free.
#pragma once

#include <cstddef>
#include <string>

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "worker/backends/backend.h"
#include "worker/backends/nvidia/nvidia_toolchains.h"

namespace kiln::nvidia {

// Enters the keys of PTX compiles (ToolchainProfile's "validate.ptx"): bump
// it when the PTX oracle's checks or this path's output change.
inline constexpr const char *kPtxInputVersion = "kiln-ptx-input.1";

/// `log` cut at a line to at most `limit` bytes, ending with a line that
/// says how much ptxas printed, when it is longer.
std::string boundedToolLog(std::string log, std::size_t limit);

CompileResult compilePtxInput(const CompileRequest &request, const Toolchains &toolchains,
                              const CompileHooks &hooks = {});

}  // namespace kiln::nvidia
