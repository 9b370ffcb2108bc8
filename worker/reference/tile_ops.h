// Executes one op of the tile dialect: reads its operands from the value
// map, applies the semantics of tile_compute.h / tile_memory.h, and binds
// its result. Run-time faults become located errors.
#pragma once

#include "worker/reference/exec_context.h"

namespace kiln::reference {

mlir::LogicalResult executeTileOp(mlir::Operation &op, ValueMap &values, ExecContext &ctx);

}  // namespace kiln::reference
