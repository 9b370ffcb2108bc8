#include "worker/backends/ascend/lower/launch_bounds.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/ir/tile_dialect.h"

namespace kiln::ascend::lower {

mlir::LogicalResult checkBlockDims(mlir::ModuleOp module, const AscendTarget &target) {
  bool ok = true;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
    auto grid = func->getAttrOfType<mlir::DenseI64ArrayAttr>(tile::TileDialect::kGridAttrName);
    if (!grid) continue;
    int64_t blocks = 1;
    bool fits = true;
    for (int64_t extent : grid.asArrayRef()) fits = fits && !__builtin_mul_overflow(blocks, extent, &blocks);
    if (fits && blocks <= kMaxBlockDim) continue;
    mlir::emitError(func.getLoc()) << "[ascend.block-dim] kernel @" << func.getSymName() << "'s grid is "
                                   << (fits ? std::to_string(blocks) : std::string("more than 2^63"))
                                   << " blocks; an AscendC launch on " << target.name << " takes a block dim of 1 to "
                                   << kMaxBlockDim;
    ok = false;
  }
  return mlir::success(ok);
}

}  // namespace kiln::ascend::lower
