#include "worker/plan/tile_liveness.h"

#include <algorithm>

namespace kiln::plan {

OpNumbering numberOps(mlir::func::FuncOp kernel) {
  OpNumbering numbering;
  int next = 0;
  // Recursive pre-order so that `end` covers everything nested in an op.
  std::function<void(mlir::Operation *)> visit = [&](mlir::Operation *op) {
    numbering.begin[op] = next++;
    numbering.order.push_back(op);
    for (mlir::Region &region : op->getRegions())
      for (mlir::Block &block : region)
        for (mlir::Operation &inner : block) visit(&inner);
    numbering.end[op] = next - 1;
  };
  for (mlir::Operation &op : kernel.getBody().front()) visit(&op);
  return numbering;
}

int usePosition(mlir::Operation *user, mlir::Block *definingBlock, const OpNumbering &numbering) {
  mlir::Operation *ancestor = definingBlock->findAncestorOpInBlock(*user);
  if (!ancestor) return numbering.begin.lookup(user);
  return ancestor == user ? numbering.begin.lookup(user) : numbering.end.lookup(ancestor);
}

LiveRange liveRange(mlir::Value value, const OpNumbering &numbering) {
  LiveRange range;
  mlir::Block *block = nullptr;
  if (auto arg = value.dyn_cast<mlir::BlockArgument>()) {
    block = arg.getOwner();
    mlir::Operation *parent = block->getParentOp();
    range.begin = numbering.begin.lookup(parent);
  } else {
    mlir::Operation *def = value.getDefiningOp();
    block = def->getBlock();
    range.begin = def->getNumRegions() ? numbering.end.lookup(def) : numbering.begin.lookup(def);
  }
  range.end = range.begin;
  for (mlir::OpOperand &use : value.getUses())
    range.end = std::max(range.end, usePosition(use.getOwner(), block, numbering));
  return range;
}

}  // namespace kiln::plan
