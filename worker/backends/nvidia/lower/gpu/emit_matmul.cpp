// tile.matmul: both operands sit in shared memory (the Tile IR program's own
// K loop stages them tile by tile from global memory); each thread computes
// whole output elements with an f32 fused multiply-add chain over K, in k
// order, the same order as the CPU reference.
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "worker/ir/tile_ops.h"
#include "worker/backends/nvidia/lower/gpu/gpu_emitter.h"

namespace kiln::lower {

mlir::LogicalResult emitMatmulOp(GpuEmitter &g, mlir::Operation *op) {
  auto matmul = llvm::cast<tile::MatmulOp>(op);
  auto lhs = matmul.getLhs().getType().cast<tile::TileType>();
  auto rhs = matmul.getRhs().getType().cast<tile::TileType>();
  int64_t K = lhs.getCols(), N = rhs.getCols();
  auto asF32 = [&](mlir::Value x) -> mlir::Value {
    if (x.getType().isa<mlir::FloatType>()) return x;
    return g.b.create<mlir::arith::SIToFPOp>(g.loc, g.b.getF32Type(), x);
  };
  g.forEachElement(lhs.getRows() * N, [&](mlir::Value e) {
    mlir::Value n = g.index(N);
    mlir::Value m = g.b.create<mlir::arith::DivUIOp>(g.loc, e, n);
    mlir::Value col = g.b.create<mlir::arith::RemUIOp>(g.loc, e, n);
    mlir::Value rowBase = g.b.create<mlir::arith::MulIOp>(g.loc, m, g.index(K));
    mlir::Value init = matmul.getAcc() ? g.loadElement(matmul.getAcc(), e) : g.f32(0.0);
    mlir::Value total = g.accumulate(0, K, init, [&](mlir::Value k, mlir::Value acc) {
      mlir::Value aIndex = g.b.create<mlir::arith::AddIOp>(g.loc, rowBase, k);
      mlir::Value kRow = g.b.create<mlir::arith::MulIOp>(g.loc, k, n);
      mlir::Value bIndex = g.b.create<mlir::arith::AddIOp>(g.loc, kRow, col);
      mlir::Value a = asF32(g.loadElement(matmul.getLhs(), aIndex));
      mlir::Value b = asF32(g.loadElement(matmul.getRhs(), bIndex));
      return g.b.create<mlir::math::FmaOp>(g.loc, a, b, acc).getResult();
    });
    g.storeElement(matmul.getResult(), e, total);
  });
  return mlir::success();
}

}  // namespace kiln::lower
