#include "worker/plan/buffer_groups.h"

#include <algorithm>

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/ir/tile_ops.h"

namespace kiln::plan {
namespace {

bool isTile(mlir::Value value) { return value.getType().isa<tile::TileType>(); }

int64_t storageBytes(mlir::Type type) {
  auto tile = type.cast<tile::TileType>();
  return tile.getNumElements() * (tile.getElementType().getIntOrFloatBitWidth() / 8);
}

/// True if every read of `value` by `op` is an operand `op` may overwrite.
bool readsOnlyInPlace(mlir::Operation *op, mlir::Value value) {
  std::vector<unsigned> safe = inPlaceOperands(op);
  for (mlir::OpOperand &operand : op->getOpOperands())
    if (operand.get() == value &&
        std::find(safe.begin(), safe.end(), operand.getOperandNumber()) == safe.end())
      return false;
  return true;
}

class Grouper {
 public:
  explicit Grouper(const OpNumbering &numbering) : numbering_(numbering) {}

  BufferGroups run() {
    for (mlir::Operation *op : numbering_.order) visit(op);
    return std::move(result_);
  }

 private:
  int newGroup(mlir::Value value, bool pinned) {
    int id = static_cast<int>(result_.groups.size());
    result_.groups.push_back({{value}, liveRange(value, numbering_), pinned});
    result_.group_of[value] = id;
    return id;
  }

  void join(int id, mlir::Value value) {
    BufferGroup &group = result_.groups[id];
    LiveRange range = liveRange(value, numbering_);
    group.members.push_back(value);
    group.range.begin = std::min(group.range.begin, range.begin);
    group.range.end = std::max(group.range.end, range.end);
    result_.group_of[value] = id;
  }

  void visit(mlir::Operation *op) {
    if (auto loop = llvm::dyn_cast<mlir::scf::ForOp>(op)) {
      for (auto [iterArg, result] : llvm::zip(loop.getRegionIterArgs(), loop.getResults())) {
        if (!isTile(result)) continue;
        join(newGroup(result, /*pinned=*/true), iterArg);
      }
      return;
    }
    if (auto branch = llvm::dyn_cast<mlir::scf::IfOp>(op)) {
      for (mlir::Value result : branch.getResults())
        if (isTile(result)) newGroup(result, /*pinned=*/true);
      return;
    }
    for (mlir::Value result : op->getResults()) {
      if (!isTile(result)) continue;
      if (joinYieldTarget(op, result) || joinInPlace(op, result)) continue;
      newGroup(result, /*pinned=*/false);
    }
  }

  /// A value yielded to a loop or an if is computed straight into the
  /// result's buffer when nothing else still needs that buffer's content.
  bool joinYieldTarget(mlir::Operation *op, mlir::Value result) {
    for (mlir::OpOperand &use : result.getUses()) {
      auto yield = llvm::dyn_cast<mlir::scf::YieldOp>(use.getOwner());
      if (!yield || yield->getBlock() != op->getBlock()) continue;
      unsigned k = use.getOperandNumber();
      mlir::Operation *parent = yield->getParentOp();
      mlir::Value target = parent->getResult(k);
      if (target.getType() != result.getType()) continue;
      int id = result_.group_of.lookup(target);
      if (auto loop = llvm::dyn_cast<mlir::scf::ForOp>(parent)) {
        // The previous iteration's value lives in the same buffer: every
        // read of it must come before `op`, or be one `op` does in place.
        mlir::Value iterArg = loop.getRegionIterArgs()[k];
        int at = numbering_.begin.lookup(op);
        bool safe = llvm::all_of(iterArg.getUses(), [&](mlir::OpOperand &u) {
          if (u.getOwner() == op) return readsOnlyInPlace(op, iterArg);
          return usePosition(u.getOwner(), yield->getBlock(), numbering_) < at;
        });
        if (!safe) continue;
      }
      // One value per result buffer and branch: the first yield slot wins.
      bool taken = llvm::any_of(result_.groups[id].members, [&](mlir::Value m) {
        return m.getDefiningOp() && m.getDefiningOp()->getBlock() == op->getBlock();
      });
      if (taken) continue;
      join(id, result);
      return true;
    }
    return false;
  }

  bool joinInPlace(mlir::Operation *op, mlir::Value result) {
    int at = numbering_.begin.lookup(op);
    for (unsigned index : inPlaceOperands(op)) {
      mlir::Value operand = op->getOperand(index);
      auto it = result_.group_of.find(operand);
      if (it == result_.group_of.end()) continue;
      BufferGroup &group = result_.groups[it->second];
      if (group.pinned || group.range.end != at) continue;
      if (storageBytes(operand.getType()) != storageBytes(result.getType()) ||
          operand.getType().cast<tile::TileType>().getElementType().getIntOrFloatBitWidth() !=
              result.getType().cast<tile::TileType>().getElementType().getIntOrFloatBitWidth())
        continue;
      if (!readsOnlyInPlace(op, operand)) continue;
      join(it->second, result);
      return true;
    }
    return false;
  }

  const OpNumbering &numbering_;
  BufferGroups result_;
};

}  // namespace

std::vector<unsigned> inPlaceOperands(mlir::Operation *op) {
  if (llvm::isa<tile::AddOp, tile::SubOp, tile::MulOp, tile::DivOp, tile::MaxOp, tile::MinOp>(op))
    return {0, 1};
  if (llvm::isa<tile::ExpOp, tile::LogOp, tile::SqrtOp, tile::RsqrtOp, tile::NegOp, tile::AbsOp,
                tile::ReluOp, tile::ScaleOp, tile::CastOp>(op))
    return {0};
  if (auto matmul = llvm::dyn_cast<tile::MatmulOp>(op))
    return matmul.getAcc() ? std::vector<unsigned>{2} : std::vector<unsigned>{};
  return {};
}

BufferGroups groupTileValues(const OpNumbering &numbering) { return Grouper(numbering).run(); }

}  // namespace kiln::plan
