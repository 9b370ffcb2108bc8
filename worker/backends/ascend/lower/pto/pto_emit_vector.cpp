// Vector work on UB tiles, one PTO op per Tile IR op where PTOOps.td has
// one, and compositions where it has none: neg is tmuls by -1, an integer
// abs is max(x, -x) (pto-isa's TABS takes floats), softmax is max, subtract,
// exp, sum and divide. Row reductions take the full-size tmp tile PTO asks
// for; like softmax's row statistics it is scratch (pto_kernel_tiles.cpp).
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "worker/backends/ascend/lower/pto/pto_kernel_emitter.h"
#include "worker/ir/tile_ops.h"
#include "worker/ir/tile_type.h"

namespace kiln::ascend::lower::pto {
namespace {

tile::TileType tileType(mlir::Value value) { return value.getType().cast<tile::TileType>(); }

const char *binaryName(mlir::Operation *op) {
  if (llvm::isa<tile::AddOp>(op)) return "tadd";
  if (llvm::isa<tile::SubOp>(op)) return "tsub";
  if (llvm::isa<tile::MulOp>(op)) return "tmul";
  if (llvm::isa<tile::DivOp>(op)) return "tdiv";
  if (llvm::isa<tile::MaxOp>(op)) return "tmax";
  if (llvm::isa<tile::MinOp>(op)) return "tmin";
  return nullptr;
}

const char *unaryName(mlir::Operation *op) {
  if (llvm::isa<tile::ExpOp>(op)) return "texp";
  if (llvm::isa<tile::LogOp>(op)) return "tlog";
  if (llvm::isa<tile::SqrtOp>(op)) return "tsqrt";
  if (llvm::isa<tile::RsqrtOp>(op)) return "trsqrt";
  if (llvm::isa<tile::ReluOp>(op)) return "trelu";
  return nullptr;
}

}  // namespace

// The element types pto-isa's vector unit computes in (PTO_IR_manual.md,
// A2A3 and A5 implementation checks): f16/f32 everywhere, i16/i32 for the
// integer-capable ops; bf16 only converts (cast to f32, compute, cast back).
static std::optional<std::string> vectorDTypeProblem(const std::string &op, mlir::Type element,
                                                     const std::string &arch) {
  bool isFloat = element.isF16() || element.isF32();
  bool isInt = element.isInteger(32) || element.isInteger(16);
  bool floatOnly = op == "texp" || op == "tlog" || op == "tsqrt" || op == "trsqrt" || (op == "tdiv" && arch != "a5");
  if (isFloat || (isInt && !floatOnly)) return std::nullopt;
  return "pto." + op + " computes on " + std::string(floatOnly ? "f16 and f32" : "f16, f32, i16 and i32") +
         " tiles, not " + ptoDType(element) + (element.isBF16() ? " (cast to f32 first)" : "");
}

mlir::LogicalResult KernelEmitter::emitVector(mlir::Operation *op) {
  if (op->getNumResults() != 1 || !op->getResult(0).getType().isa<tile::TileType>())
    return unsupported(op, "kiln's PTO emitter does not lower this op");
  mlir::Type element = tileType(op->getResult(0)).getElementType();
  const char *binary = binaryName(op);
  const char *unary = unaryName(op);
  std::string checked = binary ? binary : unary ? unary : "tmuls";
  if (auto problem = vectorDTypeProblem(checked, element, target_.pto_arch)) return unsupported(op, *problem);
  std::optional<std::string> dst = valueTile(op->getResult(0), op);
  std::optional<std::string> a = dst ? operandTile(op, 0) : std::nullopt;
  if (!a) return mlir::failure();
  if (binary) {
    std::optional<std::string> b = operandTile(op, 1);
    if (!b) return mlir::failure();
    dps(binary, {in(*a), in(*b)}, *dst);
    return mlir::success();
  }
  if (unary) {
    dps(unary, {in(*a)}, *dst);
    return mlir::success();
  }
  if (auto scale = llvm::dyn_cast<tile::ScaleOp>(op)) {
    dps("tmuls", {in(*a), {scalar(scale.getScalar()), ptoType(scale.getScalar().getType())}}, *dst);
    return mlir::success();
  }
  auto minusOne = [&]() -> std::pair<std::string, std::string> {
    mlir::TypedAttr one = element.isa<mlir::FloatType>() ? mlir::TypedAttr(mlir::FloatAttr::get(element, -1.0))
                                                         : mlir::TypedAttr(mlir::IntegerAttr::get(element, -1));
    return {writer_.constant(one), ptoType(element)};
  };
  if (llvm::isa<tile::NegOp>(op)) {
    dps("tmuls", {in(*a), minusOne()}, *dst);
    return mlir::success();
  }
  if (llvm::isa<tile::AbsOp>(op)) {
    if (element.isa<mlir::FloatType>()) {
      dps("tabs", {in(*a)}, *dst);
      return mlir::success();
    }
    auto t = tileType(op->getResult(0));
    std::optional<std::string> negated = scratchTile(op, t.getRows(), t.getCols(), element, "tile.abs's -x");
    if (!negated) return mlir::failure();
    dps("tmuls", {in(*a), minusOne()}, *negated);
    dps("tmax", {in(*a), in(*negated)}, *dst);
    return mlir::success();
  }
  return unsupported(op, "kiln's PTO emitter does not lower this op");
}

mlir::LogicalResult KernelEmitter::emitConstant(mlir::Operation *op) {
  auto constant = llvm::cast<tile::ConstantOp>(op);
  std::optional<std::string> dst = valueTile(constant.getResult(), op);
  if (!dst) return mlir::failure();
  mlir::TypedAttr value = constant.getValue().cast<mlir::TypedAttr>();
  dps("texpands", {{writer_.constant(value), ptoType(value.getType())}}, *dst);
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitReduce(mlir::Operation *op) {
  bool isMax = llvm::isa<tile::ReduceMaxOp>(op);
  int64_t axis = op->getAttrOfType<mlir::IntegerAttr>("axis").getInt();
  auto source = tileType(op->getOperand(0));
  if (auto problem = vectorDTypeProblem("tadd", source.getElementType(), target_.pto_arch)) return unsupported(op, *problem);
  std::optional<std::string> dst = valueTile(op->getResult(0), op);
  std::optional<std::string> src = dst ? operandTile(op, 0) : std::nullopt;
  if (!src) return mlir::failure();
  if (axis == 0 && isMax) {
    dps("tcolmax", {in(*src)}, *dst);
    return mlir::success();
  }
  std::string name = axis == 1 ? (isMax ? "trowmax" : "trowsum") : "tcolsum";
  std::optional<std::string> tmp =
      scratchTile(op, source.getRows(), source.getCols(), source.getElementType(), "pto." + name + "'s tmp");
  if (!tmp) return mlir::failure();
  dps(name, {in(*src), in(*tmp)}, *dst);
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitBroadcast(mlir::Operation *op) {
  auto from = tileType(op->getOperand(0)), to = tileType(op->getResult(0));
  std::optional<std::string> dst = valueTile(op->getResult(0), op);
  std::optional<std::string> src = dst ? operandTile(op, 0) : std::nullopt;
  if (!src) return mlir::failure();
  if (from.getCols() == 1 && from.getRows() == to.getRows()) dps("trowexpand", {in(*src)}, *dst);
  else if (from.getRows() == 1 && from.getCols() == to.getCols()) dps("tcolexpand", {in(*src)}, *dst);
  else return unsupported(op, "a 1x1 tile broadcast both ways has no single PTO expand; broadcast it in two steps");
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitSoftmax(mlir::Operation *op) {
  auto softmax = llvm::cast<tile::SoftmaxOp>(op);
  auto type = tileType(softmax.getResult());
  mlir::Type element = type.getElementType();
  if (auto problem = vectorDTypeProblem("texp", element, target_.pto_arch)) return unsupported(op, *problem);
  std::optional<std::string> y = valueTile(softmax.getResult(), op);
  std::optional<std::string> x = y ? operandTile(op, 0) : std::nullopt;
  if (!x) return mlir::failure();
  bool rows = softmax.getAxis() == 1;
  std::optional<std::string> stat = rows ? scratchTile(op, type.getRows(), 1, element, "softmax's row statistics")
                                         : scratchTile(op, 1, type.getCols(), element, "softmax's column statistics");
  std::optional<std::string> tmp = stat ? scratchTile(op, type.getRows(), type.getCols(), element, "softmax's tmp")
                                        : std::nullopt;
  if (!tmp) return mlir::failure();
  // Stable softmax: y = exp(x - max) / sum(exp(x - max)) along the axis.
  if (rows) {
    dps("trowmax", {in(*x), in(*tmp)}, *stat);
    dps("trowexpandsub", {in(*x), in(*stat)}, *y);
    dps("texp", {in(*y)}, *y);
    dps("trowsum", {in(*y), in(*tmp)}, *stat);
    dps("trowexpanddiv", {in(*y), in(*stat)}, *y);
    return mlir::success();
  }
  // PTO has column expands with max/min/mul only: expand into tmp instead.
  dps("tcolmax", {in(*x)}, *stat);
  dps("tcolexpand", {in(*stat)}, *tmp);
  dps("tsub", {in(*x), in(*tmp)}, *y);
  dps("texp", {in(*y)}, *y);
  dps("tcolsum", {in(*y), in(*tmp)}, *stat);
  dps("tcolexpand", {in(*stat)}, *tmp);
  dps("tdiv", {in(*y), in(*tmp)}, *y);
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitCast(mlir::Operation *op) {
  mlir::Type from = tileType(op->getOperand(0)).getElementType(), to = tileType(op->getResult(0)).getElementType();
  if ((from.isBF16() || to.isBF16()) && !target_.has_bf16) return unsupported(op, target_.name + " has no bf16 casts");
  std::optional<std::string> dst = valueTile(op->getResult(0), op);
  std::optional<std::string> src = dst ? operandTile(op, 0) : std::nullopt;
  if (!src) return mlir::failure();
  // Tile IR casts round to nearest even: CAST_RINT wherever precision can
  // be lost (narrowing, float to integer); widening is exact.
  bool exact = (from.isF16() || from.isBF16()) && to.isF32();
  dps("tcvt", {in(*src)}, *dst, exact ? "" : "{rmode = #pto<round_mode CAST_RINT>}");
  return mlir::success();
}

}  // namespace kiln::ascend::lower::pto
