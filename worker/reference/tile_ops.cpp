#include "worker/reference/tile_ops.h"

#include <optional>

#include "llvm/ADT/TypeSwitch.h"
#include "worker/ir/tile_ops.h"
#include "worker/reference/scalar_types.h"
#include "worker/reference/tile_compute.h"
#include "worker/reference/tile_memory.h"

namespace kiln::reference {
namespace {

/// One op's execution: its operands, the tile it produces, and its errors.
class TileStep {
 public:
  TileStep(mlir::Operation &op, ValueMap &values, ExecContext &ctx)
      : op_(op), values_(values), ctx_(ctx), out_(std::make_shared<TileData>()) {}

  const TileData *tile(mlir::Value v) { return tileOperand(ctx_, values_, &op_, v); }
  std::optional<int64_t> integer(mlir::Value v) { return intOperand(ctx_, values_, &op_, v); }
  HostTensor *tensor(mlir::Value v) {
    auto it = values_.find(v);
    auto *tensor = it == values_.end() ? nullptr : std::get_if<HostTensor *>(&it->second);
    if (tensor && *tensor) return *tensor;
    (void)fail("internal error: the memref operand has no tensor");
    return nullptr;
  }
  TileData &out() { return *out_; }
  mlir::LogicalResult fail(const std::string &message) { return ctx_.fail(&op_, message); }

  /// Binds the filled result tile, or reports `error`.
  mlir::LogicalResult finish(const std::string &error = {}) {
    if (!error.empty()) return fail(error);
    values_[op_.getResult(0)] = TileRef(std::move(out_));
    return mlir::success();
  }

  mlir::Operation &op() { return op_; }
  ExecContext &ctx() { return ctx_; }
  ValueMap &values() { return values_; }

 private:
  mlir::Operation &op_;
  ValueMap &values_;
  ExecContext &ctx_;
  std::shared_ptr<TileData> out_;
};

tile::TileType tileTypeOf(mlir::Value v) { return v.getType().cast<tile::TileType>(); }

mlir::LogicalResult binary(TileStep &s, BinaryKind kind) {
  const TileData *lhs = s.tile(s.op().getOperand(0));
  const TileData *rhs = lhs ? s.tile(s.op().getOperand(1)) : nullptr;
  if (!rhs) return mlir::failure();
  return s.finish(binaryOp(kind, *lhs, *rhs, s.out()));
}

mlir::LogicalResult unary(TileStep &s, UnaryKind kind) {
  const TileData *input = s.tile(s.op().getOperand(0));
  if (!input) return mlir::failure();
  return s.finish(unaryOp(kind, *input, s.out()));
}

/// The tile coordinates of a load or store; nothing if an index is unknown
/// (the failing lookup has already reported why).
std::optional<llvm::SmallVector<int64_t, 2>> tileCoords(TileStep &s, mlir::ValueRange indices) {
  llvm::SmallVector<int64_t, 2> coords;
  for (mlir::Value index : indices) {
    auto i = s.integer(index);
    if (!i) return std::nullopt;
    coords.push_back(*i);
  }
  return coords;
}

mlir::LogicalResult load(TileStep &s, tile::LoadOp op) {
  HostTensor *tensor = s.tensor(op.getSource());
  if (!tensor) return mlir::failure();
  std::optional<llvm::SmallVector<int64_t, 2>> coords = tileCoords(s, op.getIndices());
  if (!coords) return mlir::failure();
  tile::TileType type = tileTypeOf(op.getResult());
  return s.finish(loadTile(*tensor, *coords, type.getRows(), type.getCols(),
                           *elementTypeOf(type.getElementType()), s.out()));
}

mlir::LogicalResult store(TileStep &s, tile::StoreOp op) {
  const TileData *value = s.tile(op.getValue());
  if (!value) return mlir::failure();
  HostTensor *tensor = s.tensor(op.getDest());
  if (!tensor) return mlir::failure();
  std::optional<llvm::SmallVector<int64_t, 2>> coords = tileCoords(s, op.getIndices());
  if (!coords) return mlir::failure();
  std::string error = storeTile(*value, *tensor, *coords);
  return error.empty() ? mlir::success() : s.fail(error);
}

mlir::LogicalResult programId(TileStep &s, tile::ProgramIdOp op) {
  auto dim = static_cast<int64_t>(op.getDim());
  const auto &instance = s.ctx().instance();
  if (dim < 0 || dim >= static_cast<int64_t>(instance.size()))
    return s.fail("grid dimension " + std::to_string(dim) + " is outside the " +
                  std::to_string(instance.size()) + "-d grid being run");
  s.values()[op.getResult()] = instance[dim];
  return mlir::success();
}

mlir::LogicalResult constant(TileStep &s, tile::ConstantOp op) {
  tile::TileType type = tileTypeOf(op.getResult());
  ElementType element = *elementTypeOf(type.getElementType());
  if (auto attr = op.getValue().dyn_cast<mlir::FloatAttr>()) {
    // Widening an f16/bf16 literal to f32 is exact.
    llvm::APFloat value = attr.getValue();
    bool lost = false;
    value.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven, &lost);
    fillOp(element, type.getRows(), type.getCols(), value.convertToFloat(), s.out());
  } else if (auto attr = op.getValue().dyn_cast<mlir::IntegerAttr>()) {
    fillOp(type.getRows(), type.getCols(), static_cast<int32_t>(attr.getValue().getSExtValue()), s.out());
  } else {
    return s.fail("internal error: constant value is neither a float nor an integer");
  }
  return s.finish();
}

mlir::LogicalResult scale(TileStep &s, tile::ScaleOp op) {
  const TileData *input = s.tile(op.getInput());
  if (!input) return mlir::failure();
  if (input->isFloat()) {
    auto f = floatOperand(s.ctx(), s.values(), &s.op(), op.getScalar());
    if (!f) return mlir::failure();
    scaleOp(*input, *f, s.out());
  } else {
    auto i = s.integer(op.getScalar());
    if (!i) return mlir::failure();
    scaleOp(*input, static_cast<int32_t>(*i), s.out());
  }
  return s.finish();
}

mlir::LogicalResult matmul(TileStep &s, tile::MatmulOp op) {
  const TileData *a = s.tile(op.getLhs());
  const TileData *b = a ? s.tile(op.getRhs()) : nullptr;
  if (!b) return mlir::failure();
  const TileData *acc = nullptr;
  if (op.getAcc() && !(acc = s.tile(op.getAcc()))) return mlir::failure();
  if (a->cols != b->rows || (acc && (acc->rows != a->rows || acc->cols != b->cols)))
    return s.fail("internal error: matmul shapes do not chain");
  matmulOp(*a, *b, acc, s.out());
  return s.finish();
}

/// Element operations an op performs, for max_element_work.
uint64_t workOf(mlir::Operation &op) {
  if (auto matmul = llvm::dyn_cast<tile::MatmulOp>(op)) {
    auto a = tileTypeOf(matmul.getLhs());
    return static_cast<uint64_t>(a.getNumElements()) * tileTypeOf(matmul.getRhs()).getCols();
  }
  uint64_t work = 1;
  for (mlir::Type type : op.getOperandTypes())
    if (auto t = type.dyn_cast<tile::TileType>()) work = std::max<uint64_t>(work, t.getNumElements());
  for (mlir::Type type : op.getResultTypes())
    if (auto t = type.dyn_cast<tile::TileType>()) work = std::max<uint64_t>(work, t.getNumElements());
  return work;
}

}  // namespace

mlir::LogicalResult executeTileOp(mlir::Operation &op, ValueMap &values, ExecContext &ctx) {
  for (mlir::Type type : op.getResultTypes()) {
    auto t = type.dyn_cast<tile::TileType>();
    if (t && t.getNumElements() > ctx.config().max_tile_elements)
      return ctx.fail(&op, "tile of " + std::to_string(t.getNumElements()) +
                               " elements exceeds the reference executor's limit of " +
                               std::to_string(ctx.config().max_tile_elements) +
                               " (ReferenceConfig::max_tile_elements)");
  }
  if (mlir::failed(ctx.chargeWork(&op, workOf(op)))) return mlir::failure();

  TileStep s(op, values, ctx);
  return llvm::TypeSwitch<mlir::Operation *, mlir::LogicalResult>(&op)
      .Case([&](tile::ProgramIdOp o) { return programId(s, o); })
      .Case([&](tile::LoadOp o) { return load(s, o); })
      .Case([&](tile::StoreOp o) { return store(s, o); })
      .Case([&](tile::ConstantOp o) { return constant(s, o); })
      .Case([&](tile::AddOp) { return binary(s, BinaryKind::kAdd); })
      .Case([&](tile::SubOp) { return binary(s, BinaryKind::kSub); })
      .Case([&](tile::MulOp) { return binary(s, BinaryKind::kMul); })
      .Case([&](tile::DivOp) { return binary(s, BinaryKind::kDiv); })
      .Case([&](tile::MaxOp) { return binary(s, BinaryKind::kMax); })
      .Case([&](tile::MinOp) { return binary(s, BinaryKind::kMin); })
      .Case([&](tile::ExpOp) { return unary(s, UnaryKind::kExp); })
      .Case([&](tile::LogOp) { return unary(s, UnaryKind::kLog); })
      .Case([&](tile::SqrtOp) { return unary(s, UnaryKind::kSqrt); })
      .Case([&](tile::RsqrtOp) { return unary(s, UnaryKind::kRsqrt); })
      .Case([&](tile::NegOp) { return unary(s, UnaryKind::kNeg); })
      .Case([&](tile::AbsOp) { return unary(s, UnaryKind::kAbs); })
      .Case([&](tile::ReluOp) { return unary(s, UnaryKind::kRelu); })
      .Case([&](tile::ScaleOp o) { return scale(s, o); })
      .Case([&](tile::BroadcastOp o) {
        const TileData *input = s.tile(o.getInput());
        if (!input) return mlir::failure();
        auto type = tileTypeOf(o.getResult());
        broadcastOp(*input, type.getRows(), type.getCols(), s.out());
        return s.finish();
      })
      .Case([&](tile::CastOp o) {
        const TileData *input = s.tile(o.getInput());
        if (!input) return mlir::failure();
        castOp(*input, *elementTypeOf(tileTypeOf(o.getResult()).getElementType()), s.out());
        return s.finish();
      })
      .Case([&](tile::ReduceSumOp o) {
        const TileData *input = s.tile(o.getInput());
        if (!input) return mlir::failure();
        reduceSumOp(*input, static_cast<int>(o.getAxis()), s.out());
        return s.finish();
      })
      .Case([&](tile::ReduceMaxOp o) {
        const TileData *input = s.tile(o.getInput());
        if (!input) return mlir::failure();
        reduceMaxOp(*input, static_cast<int>(o.getAxis()), s.out());
        return s.finish();
      })
      .Case([&](tile::SoftmaxOp o) {
        const TileData *input = s.tile(o.getInput());
        if (!input) return mlir::failure();
        return s.finish(softmaxOp(*input, static_cast<int>(o.getAxis()), s.out()));
      })
      .Case([&](tile::MatmulOp o) { return matmul(s, o); })
      .Default([&](mlir::Operation *other) { return ctx.unsupported(other); });
}

}  // namespace kiln::reference
