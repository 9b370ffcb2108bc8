// scf.for, scf.if and scalar ops of a kernel. Tile values never become SSA
// values of the lowered code: loop-carried and branch-result tiles live in
// their planned buffers, and yields copy into them when the planner could
// not compute the value there directly.
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/ir/tile_type.h"
#include "worker/backends/nvidia/lower/gpu/gpu_emitter.h"

namespace kiln::lower {
namespace {

bool isTile(mlir::Value value) { return value.getType().isa<tile::TileType>(); }

/// Copies each yielded tile into its destination buffer (the parent's
/// result buffer) unless it already lives there. Returns the scalar
/// operands of the yield, mapped.
llvm::SmallVector<mlir::Value> yieldTiles(GpuEmitter &g, mlir::scf::YieldOp yield) {
  llvm::SmallVector<mlir::Value> scalars;
  bool copied = false;
  for (auto [value, target] : llvm::zip(yield.getOperands(), yield->getParentOp()->getResults())) {
    if (!isTile(value)) {
      scalars.push_back(g.mapped(value));
      continue;
    }
    int dest = g.bufferOf(target);
    if (g.bufferOf(value) == dest) continue;
    g.copyTile(value, dest);
    copied = true;
  }
  if (copied) g.barrier();
  return scalars;
}

mlir::LogicalResult emitFor(GpuEmitter &g, mlir::scf::ForOp loop) {
  bool copied = false;
  llvm::SmallVector<mlir::Value> inits;
  for (auto [init, result] : llvm::zip(loop.getInitArgs(), loop.getResults())) {
    if (!isTile(init)) {
      inits.push_back(g.mapped(init));
      continue;
    }
    if (g.bufferOf(init) != g.bufferOf(result)) {
      g.copyTile(init, g.bufferOf(result));
      copied = true;
    }
  }
  if (copied) g.barrier();
  auto lowered = g.b.create<mlir::scf::ForOp>(g.loc, g.mapped(loop.getLowerBound()),
                                              g.mapped(loop.getUpperBound()), g.mapped(loop.getStep()),
                                              inits);
  g.map.map(loop.getInductionVar(), lowered.getInductionVar());
  unsigned next = 0;
  for (mlir::Value iterArg : loop.getRegionIterArgs())
    if (!isTile(iterArg)) g.map.map(iterArg, lowered.getRegionIterArgs()[next++]);
  {
    mlir::OpBuilder::InsertionGuard guard(g.b);
    g.b.setInsertionPointToStart(lowered.getBody());
    // An scf.for built without iter_args already has its yield.
    if (!lowered.getBody()->empty()) g.b.setInsertionPoint(lowered.getBody()->getTerminator());
    if (mlir::failed(g.emitBlock(*loop.getBody()))) return mlir::failure();
    auto scalars = yieldTiles(g, llvm::cast<mlir::scf::YieldOp>(loop.getBody()->getTerminator()));
    if (!lowered.getBody()->empty() && llvm::isa<mlir::scf::YieldOp>(lowered.getBody()->back()))
      lowered.getBody()->back().erase();
    g.b.setInsertionPointToEnd(lowered.getBody());
    g.b.create<mlir::scf::YieldOp>(g.loc, scalars);
  }
  next = 0;
  for (mlir::Value result : loop.getResults())
    if (!isTile(result)) g.map.map(result, lowered.getResult(next++));
  return mlir::success();
}

mlir::LogicalResult emitIf(GpuEmitter &g, mlir::scf::IfOp branch) {
  llvm::SmallVector<mlir::Type> types;
  for (mlir::Value result : branch.getResults())
    if (!isTile(result)) types.push_back(result.getType());
  bool hasElse = !branch.getElseRegion().empty();
  auto lowered = g.b.create<mlir::scf::IfOp>(g.loc, types, g.mapped(branch.getCondition()), hasElse);
  auto emitRegion = [&](mlir::Region &from, mlir::Region &to) -> mlir::LogicalResult {
    mlir::OpBuilder::InsertionGuard guard(g.b);
    mlir::Block &target = to.front();
    if (!target.empty()) target.back().erase();  // the builder's default yield
    g.b.setInsertionPointToEnd(&target);
    if (mlir::failed(g.emitBlock(from.front()))) return mlir::failure();
    auto scalars = yieldTiles(g, llvm::cast<mlir::scf::YieldOp>(from.front().getTerminator()));
    g.b.create<mlir::scf::YieldOp>(g.loc, scalars);
    return mlir::success();
  };
  if (mlir::failed(emitRegion(branch.getThenRegion(), lowered.getThenRegion()))) return mlir::failure();
  if (hasElse && mlir::failed(emitRegion(branch.getElseRegion(), lowered.getElseRegion())))
    return mlir::failure();
  unsigned next = 0;
  for (mlir::Value result : branch.getResults())
    if (!isTile(result)) g.map.map(result, lowered.getResult(next++));
  return mlir::success();
}

}  // namespace

mlir::LogicalResult emitControlOp(GpuEmitter &g, mlir::Operation *op) {
  if (auto loop = llvm::dyn_cast<mlir::scf::ForOp>(op)) return emitFor(g, loop);
  if (auto branch = llvm::dyn_cast<mlir::scf::IfOp>(op)) return emitIf(g, branch);
  if (op->getNumRegions() != 0 || llvm::isa<mlir::func::CallOp>(op))
    return op->emitOpError("is not supported by the NVIDIA lowering");
  for (mlir::Value operand : op->getOperands())
    if (isTile(operand)) return op->emitOpError("takes a tile, which the NVIDIA lowering cannot express");
  g.b.clone(*op, g.map);
  return mlir::success();
}

}  // namespace kiln::lower
