// Which tile values share one buffer: loop-carried values with their loop,
// values yielded straight into a loop's or an if's result, and results
// computed in place over an operand that dies at the op.
#pragma once

#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "mlir/IR/Value.h"
#include "worker/plan/tile_liveness.h"

namespace kiln::plan {

struct BufferGroup {
  std::vector<mlir::Value> members;  // first member: the value that defines it
  LiveRange range;
  bool pinned = false;  // a loop's or an if's result buffer: never computed over
};

struct BufferGroups {
  std::vector<BufferGroup> groups;
  llvm::DenseMap<mlir::Value, int> group_of;
};

BufferGroups groupTileValues(const OpNumbering &numbering);

/// Operand indices of `op` that it may overwrite with its result: each
/// thread reads element e of them and writes element e of the result.
std::vector<unsigned> inPlaceOperands(mlir::Operation *op);

}  // namespace kiln::plan
