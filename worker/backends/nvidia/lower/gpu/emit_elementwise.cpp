// Elementwise tile ops, tile.scale, tile.broadcast and tile.cast. Float math
// runs in f32 and rounds to the tile's element type on store. Consecutive
// pointwise ops of one shape share one element loop (gpu_emitter.cpp says
// when): a chain of N ops is one loop, not N loops and N barriers, which is
// what kept compile time linear in the chain's length (LLVM's LoopRotate,
// CodeGenPrepare and LSR, and ptxas, are super-linear in loops per kernel).
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "worker/ir/tile_ops.h"
#include "worker/backends/nvidia/lower/gpu/gpu_emitter.h"

namespace kiln::lower {
namespace {

mlir::Value binary(GpuEmitter &g, mlir::Operation *op, mlir::Value a, mlir::Value c) {
  mlir::OpBuilder &b = g.b;
  mlir::Location loc = g.loc;
  bool isFloat = a.getType().isa<mlir::FloatType>();
  if (llvm::isa<tile::AddOp>(op))
    return isFloat ? b.create<mlir::arith::AddFOp>(loc, a, c).getResult()
                   : b.create<mlir::arith::AddIOp>(loc, a, c).getResult();
  if (llvm::isa<tile::SubOp>(op))
    return isFloat ? b.create<mlir::arith::SubFOp>(loc, a, c).getResult()
                   : b.create<mlir::arith::SubIOp>(loc, a, c).getResult();
  if (llvm::isa<tile::MulOp>(op))
    return isFloat ? b.create<mlir::arith::MulFOp>(loc, a, c).getResult()
                   : b.create<mlir::arith::MulIOp>(loc, a, c).getResult();
  if (llvm::isa<tile::DivOp>(op))
    return isFloat ? b.create<mlir::arith::DivFOp>(loc, a, c).getResult()
                   : b.create<mlir::arith::DivSIOp>(loc, a, c).getResult();
  if (llvm::isa<tile::MaxOp>(op))
    return isFloat ? b.create<mlir::arith::MaxFOp>(loc, a, c).getResult()
                   : b.create<mlir::arith::MaxSIOp>(loc, a, c).getResult();
  if (llvm::isa<tile::MinOp>(op))
    return isFloat ? b.create<mlir::arith::MinFOp>(loc, a, c).getResult()
                   : b.create<mlir::arith::MinSIOp>(loc, a, c).getResult();
  return {};
}

mlir::Value unary(GpuEmitter &g, mlir::Operation *op, mlir::Value x) {
  mlir::OpBuilder &b = g.b;
  mlir::Location loc = g.loc;
  bool isFloat = x.getType().isa<mlir::FloatType>();
  if (llvm::isa<tile::ExpOp>(op)) return b.create<mlir::math::ExpOp>(loc, x);
  if (llvm::isa<tile::LogOp>(op)) return b.create<mlir::math::LogOp>(loc, x);
  if (llvm::isa<tile::SqrtOp>(op)) return b.create<mlir::math::SqrtOp>(loc, x);
  if (llvm::isa<tile::RsqrtOp>(op)) return b.create<mlir::math::RsqrtOp>(loc, x);
  if (llvm::isa<tile::NegOp>(op))
    return isFloat ? b.create<mlir::arith::NegFOp>(loc, x).getResult()
                   : b.create<mlir::arith::SubIOp>(loc, g.i32(0), x).getResult();
  if (llvm::isa<tile::AbsOp>(op)) {
    if (isFloat) return b.create<mlir::math::AbsFOp>(loc, x);
    // Wraps for INT32_MIN, as two's complement negation does.
    mlir::Value negated = b.create<mlir::arith::SubIOp>(loc, g.i32(0), x);
    return b.create<mlir::arith::MaxSIOp>(loc, x, negated);
  }
  if (llvm::isa<tile::ReluOp>(op))
    return isFloat ? b.create<mlir::arith::MaxFOp>(loc, x, g.f32(0.0)).getResult()
                   : b.create<mlir::arith::MaxSIOp>(loc, x, g.i32(0)).getResult();
  return {};
}

/// float -> i32 rounding to nearest even and saturating; NaN becomes 0.
mlir::Value floatToI32(GpuEmitter &g, mlir::Value x) {
  mlir::OpBuilder &b = g.b;
  mlir::Location loc = g.loc;
  mlir::Value rounded = b.create<mlir::math::RoundEvenOp>(loc, x);
  mlir::Value converted = b.create<mlir::arith::FPToSIOp>(loc, b.getI32Type(), rounded);
  mlir::Value tooBig = b.create<mlir::arith::CmpFOp>(loc, mlir::arith::CmpFPredicate::OGE, rounded,
                                                     g.f32(2147483648.0));
  mlir::Value tooSmall = b.create<mlir::arith::CmpFOp>(loc, mlir::arith::CmpFPredicate::OLT, rounded,
                                                       g.f32(-2147483648.0));
  mlir::Value isNan = b.create<mlir::arith::CmpFOp>(loc, mlir::arith::CmpFPredicate::UNO, x, x);
  mlir::Value result = b.create<mlir::arith::SelectOp>(loc, tooBig, g.i32(INT32_MAX), converted);
  result = b.create<mlir::arith::SelectOp>(loc, tooSmall, g.i32(INT32_MIN), result);
  return b.create<mlir::arith::SelectOp>(loc, isNan, g.i32(0), result);
}

mlir::Value convert(GpuEmitter &g, mlir::Value x, mlir::Type to) {
  bool fromFloat = x.getType().isa<mlir::FloatType>();
  bool toFloat = to.isa<mlir::FloatType>();
  if (fromFloat && !toFloat) return floatToI32(g, x);
  if (!fromFloat && toFloat) return g.b.create<mlir::arith::SIToFPOp>(g.loc, g.b.getF32Type(), x);
  return x;  // f32 compute values round to the result type on store
}

/// One result element of a pointwise op, from the same element of its
/// operands.
mlir::LogicalResult emitPointwiseElement(GpuEmitter &g, mlir::Operation *op, mlir::Value e) {
  mlir::Value result = op->getResult(0);
  auto type = result.getType().cast<tile::TileType>();
  if (auto scale = llvm::dyn_cast<tile::ScaleOp>(op)) {
    mlir::Value factor = g.toCompute(g.mapped(scale.getScalar()), type.getElementType());
    mlir::Value x = g.loadElement(scale.getInput(), e);
    mlir::Value y = type.isFloat() ? g.b.create<mlir::arith::MulFOp>(g.loc, x, factor).getResult()
                                   : g.b.create<mlir::arith::MulIOp>(g.loc, x, factor).getResult();
    g.storeElement(result, e, y);
    return mlir::success();
  }
  if (auto cast = llvm::dyn_cast<tile::CastOp>(op)) {
    mlir::Type to = GpuEmitter::computeType(type.getElementType());
    g.storeElement(result, e, convert(g, g.loadElement(cast.getInput(), e), to));
    return mlir::success();
  }
  mlir::Value y = op->getNumOperands() == 2
                      ? binary(g, op, g.loadElement(op->getOperand(0), e), g.loadElement(op->getOperand(1), e))
                      : unary(g, op, g.loadElement(op->getOperand(0), e));
  if (!y) return op->emitOpError("has no NVIDIA lowering");
  g.storeElement(result, e, y);
  return mlir::success();
}

}  // namespace

bool isPointwiseOp(mlir::Operation *op) {
  if (op->getNumResults() != 1 || !op->getResult(0).getType().isa<tile::TileType>()) return false;
  if (llvm::isa<tile::ScaleOp, tile::CastOp>(op)) return true;
  if (llvm::isa<tile::AddOp, tile::SubOp, tile::MulOp, tile::DivOp, tile::MaxOp, tile::MinOp>(op)) return true;
  return llvm::isa<tile::ExpOp, tile::LogOp, tile::SqrtOp, tile::RsqrtOp, tile::NegOp, tile::AbsOp, tile::ReluOp>(op);
}

mlir::LogicalResult emitPointwiseRun(GpuEmitter &g, llvm::ArrayRef<mlir::Operation *> run) {
  auto type = run.front()->getResult(0).getType().cast<tile::TileType>();
  mlir::LogicalResult status = mlir::success();
  g.forEachElement(type.getNumElements(), [&](mlir::Value e) {
    for (mlir::Operation *op : run) {
      g.loc = mlir::NameLoc::get(g.b.getStringAttr(op->getName().getStringRef()), op->getLoc());
      if (mlir::failed(emitPointwiseElement(g, op, e))) {
        status = mlir::failure();
        return;
      }
    }
  });
  return status;
}

mlir::LogicalResult emitElementwiseOp(GpuEmitter &g, mlir::Operation *op) {
  mlir::Value result = op->getResult(0);
  auto type = result.getType().cast<tile::TileType>();
  if (auto broadcast = llvm::dyn_cast<tile::BroadcastOp>(op)) {
    auto source = broadcast.getInput().getType().cast<tile::TileType>();
    bool column = source.getCols() == 1 && type.getCols() != 1;
    g.forEachElement(type.getNumElements(), [&](mlir::Value e) {
      mlir::Value cols = g.index(type.getCols());
      mlir::Value from = column ? g.b.create<mlir::arith::DivUIOp>(g.loc, e, cols).getResult()
                                : g.b.create<mlir::arith::RemUIOp>(g.loc, e, cols).getResult();
      g.storeElement(result, e, g.loadElement(broadcast.getInput(), from));
    });
    return mlir::success();
  }
  mlir::Operation *single[] = {op};
  return emitPointwiseRun(g, single);
}

}  // namespace kiln::lower
