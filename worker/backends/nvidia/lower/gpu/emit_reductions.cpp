// tile.reduce_sum, tile.reduce_max and tile.softmax: one thread per line
// (a row for axis 1, a column for axis 0), walking it in index order so the
// result matches the CPU reference's summation order exactly.
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "worker/ir/tile_ops.h"
#include "worker/backends/nvidia/lower/gpu/gpu_emitter.h"

namespace kiln::lower {
namespace {

/// Element `k` of line `line` of a rows x cols tile, as a flat index.
struct LineShape {
  int64_t lines, length;
  bool alongRows;  // axis 1: a line is a row
  mlir::Value element(GpuEmitter &g, mlir::Value line, mlir::Value k, int64_t cols) const {
    mlir::Value major = alongRows ? line : k;
    mlir::Value minor = alongRows ? k : line;
    mlir::Value base = g.b.create<mlir::arith::MulIOp>(g.loc, major, g.index(cols));
    return g.b.create<mlir::arith::AddIOp>(g.loc, base, minor);
  }
};

LineShape lineShape(tile::TileType type, int64_t axis) {
  return axis == 1 ? LineShape{type.getRows(), type.getCols(), true}
                   : LineShape{type.getCols(), type.getRows(), false};
}

mlir::Value combine(GpuEmitter &g, bool isMax, mlir::Value acc, mlir::Value x) {
  bool isFloat = x.getType().isa<mlir::FloatType>();
  if (isMax)
    return isFloat ? g.b.create<mlir::arith::MaxFOp>(g.loc, acc, x).getResult()
                   : g.b.create<mlir::arith::MaxSIOp>(g.loc, acc, x).getResult();
  return isFloat ? g.b.create<mlir::arith::AddFOp>(g.loc, acc, x).getResult()
                 : g.b.create<mlir::arith::AddIOp>(g.loc, acc, x).getResult();
}

mlir::LogicalResult emitReduce(GpuEmitter &g, mlir::Value input, mlir::Value result, int64_t axis,
                               bool isMax) {
  auto type = input.getType().cast<tile::TileType>();
  LineShape shape = lineShape(type, axis);
  g.forEachElement(shape.lines, [&](mlir::Value line) {
    mlir::Value init;
    int64_t from = 0;
    if (isMax) {
      init = g.loadElement(input, shape.element(g, line, g.index(0), type.getCols()));
      from = 1;
    } else {
      init = type.isFloat() ? g.f32(0.0) : g.i32(0);
    }
    mlir::Value total = g.accumulate(from, shape.length, init, [&](mlir::Value k, mlir::Value acc) {
      return combine(g, isMax, acc, g.loadElement(input, shape.element(g, line, k, type.getCols())));
    });
    // The Rx1 or 1xC result is stored flat, so line is its element index.
    g.storeElement(result, line, total);
  });
  return mlir::success();
}

mlir::LogicalResult emitSoftmax(GpuEmitter &g, tile::SoftmaxOp op) {
  auto type = op.getInput().getType().cast<tile::TileType>();
  LineShape shape = lineShape(type, op.getAxis());
  mlir::Value input = op.getInput();
  g.forEachElement(shape.lines, [&](mlir::Value line) {
    auto at = [&](mlir::Value k) { return shape.element(g, line, k, type.getCols()); };
    mlir::Value first = g.loadElement(input, at(g.index(0)));
    mlir::Value max = g.accumulate(1, shape.length, first, [&](mlir::Value k, mlir::Value acc) {
      return g.b.create<mlir::arith::MaxFOp>(g.loc, acc, g.loadElement(input, at(k)));
    });
    auto shiftedExp = [&](mlir::Value k) {
      mlir::Value shifted = g.b.create<mlir::arith::SubFOp>(g.loc, g.loadElement(input, at(k)), max);
      return g.b.create<mlir::math::ExpOp>(g.loc, shifted).getResult();
    };
    mlir::Value sum = g.accumulate(0, shape.length, g.f32(0.0), [&](mlir::Value k, mlir::Value acc) {
      return g.b.create<mlir::arith::AddFOp>(g.loc, acc, shiftedExp(k));
    });
    // The output pass recomputes exp so no scratch line is needed; the
    // result is bitwise the same as the value summed above.
    g.forRange(0, shape.length, [&](mlir::Value k) {
      mlir::Value y = g.b.create<mlir::arith::DivFOp>(g.loc, shiftedExp(k), sum);
      g.storeElement(op.getResult(), at(k), y);
    });
  });
  return mlir::success();
}

}  // namespace

mlir::LogicalResult emitReductionOp(GpuEmitter &g, mlir::Operation *op) {
  if (auto sum = llvm::dyn_cast<tile::ReduceSumOp>(op))
    return emitReduce(g, sum.getInput(), sum.getResult(), sum.getAxis(), /*isMax=*/false);
  if (auto max = llvm::dyn_cast<tile::ReduceMaxOp>(op))
    return emitReduce(g, max.getInput(), max.getResult(), max.getAxis(), /*isMax=*/true);
  if (auto softmax = llvm::dyn_cast<tile::SoftmaxOp>(op)) return emitSoftmax(g, softmax);
  return op->emitOpError("is not a reduction");
}

}  // namespace kiln::lower
