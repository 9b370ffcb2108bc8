// Compiling Tile IR for an Ascend target: the whole job.
//
//   source -> front end -> inline helpers -> Ascend plan (per kernel) -> oracle
//          -> { AscendC C++ (ascendc)  -> bisheng            -> device object (obj)
//             { PTO-MLIR    (pto)      -> ptoas -> bisheng   -> device object (pto-obj)
//
// The source emits need no vendor tool; a binary emit whose tool discovery
// did not find is refused before any work, naming the tool and where it was
// searched. MLIR-free header.
#pragma once

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "worker/backends/ascend/ascend_toolchains.h"
#include "worker/backends/backend.h"

namespace kiln::ascend {

CompileResult compile(const CompileRequest &request, const Toolchains &toolchains, const CompileHooks &hooks = {});

}  // namespace kiln::ascend
