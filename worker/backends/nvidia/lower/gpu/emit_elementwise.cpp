// Elementwise tile ops, tile.scale, tile.broadcast and tile.cast. Float math
// runs in f32 and rounds to the tile's element type on store.
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

}  // namespace

mlir::LogicalResult emitElementwiseOp(GpuEmitter &g, mlir::Operation *op) {
  mlir::Value result = op->getResult(0);
  auto type = result.getType().cast<tile::TileType>();
  if (auto scale = llvm::dyn_cast<tile::ScaleOp>(op)) {
    mlir::Value factor = g.toCompute(g.mapped(scale.getScalar()), type.getElementType());
    g.forEachElement(type.getNumElements(), [&](mlir::Value e) {
      mlir::Value x = g.loadElement(scale.getInput(), e);
      mlir::Value y = type.isFloat() ? g.b.create<mlir::arith::MulFOp>(g.loc, x, factor).getResult()
                                     : g.b.create<mlir::arith::MulIOp>(g.loc, x, factor).getResult();
      g.storeElement(result, e, y);
    });
    return mlir::success();
  }
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
  if (auto cast = llvm::dyn_cast<tile::CastOp>(op)) {
    mlir::Type to = GpuEmitter::computeType(type.getElementType());
    g.forEachElement(type.getNumElements(), [&](mlir::Value e) {
      g.storeElement(result, e, convert(g, g.loadElement(cast.getInput(), e), to));
    });
    return mlir::success();
  }
  if (op->getNumOperands() == 2) {
    g.forEachElement(type.getNumElements(), [&](mlir::Value e) {
      mlir::Value a = g.loadElement(op->getOperand(0), e);
      mlir::Value c = g.loadElement(op->getOperand(1), e);
      g.storeElement(result, e, binary(g, op, a, c));
    });
    return mlir::success();
  }
  mlir::LogicalResult status = mlir::success();
  g.forEachElement(type.getNumElements(), [&](mlir::Value e) {
    mlir::Value y = unary(g, op, g.loadElement(op->getOperand(0), e));
    if (!y) {
      status = op->emitOpError("has no NVIDIA lowering");
      return;
    }
    g.storeElement(result, e, y);
  });
  return status;
}

}  // namespace kiln::lower
