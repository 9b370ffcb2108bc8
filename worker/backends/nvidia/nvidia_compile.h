// Compiling Tile IR for an NVIDIA target: the whole job.
//
//   source -> front end -> inline helpers -> plan (per kernel) -> oracle
//          -> lower to upstream GPU MLIR -> { built-in: NVVM -> PTX -> ptxas
//                                            { nvcc:     CUDA C -> nvcc
//
// MLIR-free header; the MLIR work happens in the .cpp files.
#pragma once

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "worker/backends/backend.h"
#include "worker/backends/nvidia/nvidia_toolchains.h"

namespace kiln::nvidia {

CompileResult compile(const CompileRequest &request, const Toolchains &toolchains, const CompileHooks &hooks = {});

}  // namespace kiln::nvidia
