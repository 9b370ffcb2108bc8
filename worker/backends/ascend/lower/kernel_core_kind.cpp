#include "worker/backends/ascend/lower/kernel_core_kind.h"

#include "llvm/ADT/STLExtras.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/ir/tile_ops.h"

namespace kiln::ascend::lower {
namespace {

bool feedsOnlyMatmul(mlir::Value value, bool asAccumulator) {
  return !value.use_empty() && llvm::all_of(value.getUses(), [&](mlir::OpOperand &use) {
    mlir::Operation *owner = use.getOwner();
    if (llvm::isa<tile::MatmulOp>(owner)) return asAccumulator ? use.getOperandNumber() == 2 : use.getOperandNumber() < 2;
    // A K loop's init value reaches the matmul through iter_args: it is cube
    // work only when the loop's carried value is the matmul's accumulator.
    auto loop = llvm::dyn_cast<mlir::scf::ForOp>(owner);
    if (!asAccumulator || !loop || use.getOperandNumber() < loop.getNumControlOperands()) return false;
    mlir::Value carried = loop.getRegionIterArgs()[use.getOperandNumber() - loop.getNumControlOperands()];
    return feedsOnlyMatmul(carried, true);
  });
}

bool isCubeResult(mlir::Value value) {
  if (mlir::Operation *def = value.getDefiningOp()) {
    if (llvm::isa<tile::MatmulOp>(def)) return true;
    if (auto loop = llvm::dyn_cast<mlir::scf::ForOp>(def)) {
      mlir::Value yielded = loop.getBody()->getTerminator()->getOperand(llvm::cast<mlir::OpResult>(value).getResultNumber());
      return yielded.getDefiningOp() && llvm::isa<tile::MatmulOp>(yielded.getDefiningOp());
    }
  }
  return false;
}

bool needsCube(mlir::Operation *op) {
  if (llvm::isa<tile::MatmulOp>(op)) return true;
  if (auto load = llvm::dyn_cast<tile::LoadOp>(op)) return feedsOnlyMatmul(load.getResult(), false);
  if (auto constant = llvm::dyn_cast<tile::ConstantOp>(op)) return feedsOnlyMatmul(constant.getResult(), true);
  if (llvm::isa<tile::StoreOp>(op)) return isCubeResult(op->getOperand(0));
  return false;
}

}  // namespace

bool needsCubeUnit(mlir::Operation *op) { return needsCube(op); }

CoreUse coreUse(mlir::func::FuncOp kernel) {
  CoreUse use;
  kernel.walk([&](mlir::Operation *op) {
    if (!op->getDialect() || op->getDialect()->getNamespace() != "tile" || llvm::isa<tile::ProgramIdOp>(op)) return;
    mlir::Operation *&slot = needsCube(op) ? use.cube_op : use.vector_op;
    // The matmul is what a reader knows as cube work, not the load feeding it.
    if (!slot || (llvm::isa<tile::MatmulOp>(op) && !llvm::isa<tile::MatmulOp>(slot))) slot = op;
  });
  return use;
}

mlir::LogicalResult checkCoreUse(mlir::func::FuncOp kernel, const AscendTarget &target) {
  CoreUse use = coreUse(kernel);
  if (!use.mixed() || !target.split_cores) return mlir::success();
  mlir::InFlightDiagnostic d = mlir::emitError(use.vector_op->getLoc())
                               << "[ascend.mixed-cores] kernel @" << kernel.getSymName() << " mixes cube work ("
                               << use.cube_op->getName().getStringRef() << ") with vector work ("
                               << use.vector_op->getName().getStringRef() << "); " << target.name
                               << " runs them on separate cores, and kiln splits a kernel into cube and vector phases "
                                  "only between its top-level ops";
  d.attachNote(use.cube_op->getLoc()) << "the cube work starts here";
  return mlir::failure();
}

}  // namespace kiln::ascend::lower
