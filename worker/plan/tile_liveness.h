// Program positions and live intervals of tile values in one kernel body.
// A use nested in a region (an scf.for body) keeps the value alive until the
// end of the op that holds the region, so values read inside a loop survive
// every iteration.
#pragma once

#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace kiln::plan {

struct OpNumbering {
  std::vector<mlir::Operation *> order;           // pre-order walk of the body
  llvm::DenseMap<mlir::Operation *, int> begin;   // position of the op
  llvm::DenseMap<mlir::Operation *, int> end;     // last position inside it
};

OpNumbering numberOps(mlir::func::FuncOp kernel);

struct LiveRange {
  int begin = 0;
  int end = 0;
};

/// [definition, last use], both as positions in `numbering`. Block arguments
/// are defined at their parent op; results of region ops at the op's end.
LiveRange liveRange(mlir::Value value, const OpNumbering &numbering);

/// The position at which `user` reads a value defined in `definingBlock`:
/// the end of the ancestor of `user` that sits in that block.
int usePosition(mlir::Operation *user, mlir::Block *definingBlock, const OpNumbering &numbering);

}  // namespace kiln::plan
