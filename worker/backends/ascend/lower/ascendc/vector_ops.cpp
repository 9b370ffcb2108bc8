// Elementwise ops, tile.scale, tile.constant, tile.cast and tile.broadcast
// as count-form vector intrinsics over the dense UB tile. Where an op's
// dtype has no intrinsic the sequence is composed (neg = Muls by -1; i32
// abs = Max(x, -x); bf16 through f32 casts); where Tile IR's numerics
// cannot be met (i32 has no Div) the op is a located error.
#include <cstring>

#include "mlir/IR/BuiltinTypes.h"

#include "worker/backends/ascend/lower/ascendc/ascendc_types.h"
#include "worker/backends/ascend/lower/ascendc/kernel_emitter.h"
#include "worker/ir/tile_ops.h"

namespace kiln::ascend::lower {
namespace {

/// The bf16 bits of `value` rounded to nearest even, as Tile IR rounds.
uint16_t bf16Bits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, 4);
  if ((bits & 0x7fffffffu) > 0x7f800000u) return 0x7fc0;
  bits += 0x7fffu + ((bits >> 16) & 1u);
  return static_cast<uint16_t>(bits >> 16);
}

std::string count(tile::TileType type) { return std::to_string(type.getNumElements()); }

}  // namespace

void KernelEmitter::vectorBarrier() { line("PipeBarrier<PIPE_V>();"); }

mlir::LogicalResult KernelEmitter::emitElementwise(mlir::Operation *op) {
  if (op->getNumResults() != 1 || !op->getResult(0).getType().isa<tile::TileType>())
    return unsupported(op, "kiln's AscendC emitter has no lowering for this op");
  mlir::Value result = op->getResult(0);
  auto type = result.getType().cast<tile::TileType>();
  mlir::Type element = type.getElementType();
  std::string cxx = cxxElementType(element), n = count(type), dst = tensor(result);
  bool isInt = element.isSignlessInteger(32);
  std::vector<std::string> ins;
  for (mlir::Value v : op->getOperands()) ins.push_back(v.getType().isa<tile::TileType>() ? tensor(v) : "");
  // bf16 has no vector arithmetic: each operand is cast to f32 in the
  // scratch (exact), computed on there and cast back once, rounding to
  // nearest even: the reference's numerics.
  bool viaF32 = element.isBF16();
  std::string bf16Dst;
  if (viaF32) {
    if (!target_.has_bf16) return unsupported(op, "this SoC has no bf16 casts to compute bf16 through f32 with");
    element = mlir::Float32Type::get(op->getContext());
    cxx = "float";
    int64_t stride = (type.getNumElements() * 4 + 31) / 32 * 8;  // f32 elements per 32 B-aligned slot
    for (size_t i = 0; i < ins.size(); ++i) {
      if (ins[i].empty()) continue;
      std::string f32 = "scratchBuf.Get<float>()[" + std::to_string(i * stride) + "]";
      line("Cast(" + f32 + ", " + ins[i] + ", RoundMode::CAST_NONE, " + n + ");");
      ins[i] = f32;
    }
    vectorBarrier();
    bf16Dst = dst;
    dst = ins[0];
  }
  auto in = [&](unsigned i) { return ins[i]; };
  auto needs = [&](VectorFamily family) -> bool { return vectorSupports(family, element); };

  static const std::map<std::string, std::string> kBinary = {
      {"tile.add", "Add"}, {"tile.sub", "Sub"}, {"tile.mul", "Mul"},
      {"tile.div", "Div"}, {"tile.max", "Max"}, {"tile.min", "Min"}};
  static const std::map<std::string, std::string> kUnary = {
      {"tile.exp", "Exp"}, {"tile.log", "Ln"}, {"tile.sqrt", "Sqrt"}, {"tile.rsqrt", "Rsqrt"}};
  std::string name = op->getName().getStringRef().str();
  if (auto it = kBinary.find(name); it != kBinary.end()) {
    VectorFamily family = it->second == "Div" ? VectorFamily::kDiv : VectorFamily::kArithmetic;
    if (!needs(family)) return unsupported(op, it->second + " takes half and float only");
    line(it->second + "(" + dst + ", " + in(0) + ", " + in(1) + ", " + n + ");");
  } else if (auto it = kUnary.find(name); it != kUnary.end()) {
    if (!needs(VectorFamily::kTranscendental)) return unsupported(op, it->second + " takes half and float only");
    line(it->second + "(" + dst + ", " + in(0) + ", " + n + ");");
  } else if (llvm::isa<tile::NegOp>(op)) {
    // No Neg intrinsic: -x is x * -1 exactly (and wraps for INT_MIN, as Tile IR says).
    line("Muls(" + dst + ", " + in(0) + ", " + (isInt ? std::string("-1") : floatLiteral(-1.0, cxx)) + ", " + n + ");");
  } else if (llvm::isa<tile::AbsOp>(op)) {
    if (!isInt) {
      line("Abs(" + dst + ", " + in(0) + ", " + n + ");");
    } else {
      // Abs is float-only: |x| = Max(x, -x), with -x in the scratch so an
      // in-place result does not overwrite x first.
      std::string negated = "scratchBuf.Get<int32_t>()";
      line("Muls(" + negated + ", " + in(0) + ", -1, " + n + ");");
      vectorBarrier();
      line("Max(" + dst + ", " + in(0) + ", " + negated + ", " + n + ");");
    }
  } else if (llvm::isa<tile::ReluOp>(op)) {
    if (!needs(VectorFamily::kRelu)) return unsupported(op, "Relu takes half, float and int32 only");
    line("Relu(" + dst + ", " + in(0) + ", " + n + ");");
  } else if (auto scale = llvm::dyn_cast<tile::ScaleOp>(op)) {
    std::string s = scalar(scale.getScalar());
    if (s.empty() || !needs(VectorFamily::kArithmetic)) return unsupported(op, "Muls needs a float or int32 scalar here");
    line("Muls(" + dst + ", " + in(0) + ", static_cast<" + cxx + ">(" + s + "), " + n + ");");
  } else {
    return unsupported(op, "kiln's AscendC emitter has no lowering for this op");
  }
  vectorBarrier();
  if (viaF32) {
    line("Cast(" + bf16Dst + ", " + dst + ", RoundMode::CAST_RINT, " + n + ");");
    vectorBarrier();
  }
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitConstant(mlir::Operation *op) {
  auto constant = llvm::cast<tile::ConstantOp>(op);
  auto type = constant.getResult().getType().cast<tile::TileType>();
  mlir::Type element = type.getElementType();
  std::string dst = tensor(constant.getResult()), n = count(type);
  if (cube_kernel_) {
    // The planner put it in L0C only because it starts accumulators.
    line("// a zero accumulator start: the first Mmad into it sets cmatrixInitVal");
    return mlir::success();
  }
  if (auto i = constant.getValue().dyn_cast<mlir::IntegerAttr>()) {
    line("Duplicate(" + dst + ", static_cast<int32_t>(" + std::to_string(i.getValue().getSExtValue()) + "), " + n + ");");
  } else {
    double value = constant.getValue().cast<mlir::FloatAttr>().getValueAsDouble();
    if (element.isBF16()) {
      // Duplicate has no bf16 form: write the bf16 bits as int16.
      line("Duplicate(" + dst + ".ReinterpretCast<int16_t>(), static_cast<int16_t>(" +
           std::to_string(static_cast<int16_t>(bf16Bits(static_cast<float>(value)))) + "), " + n + ");");
    } else {
      line("Duplicate(" + dst + ", " + floatLiteral(value, cxxElementType(element)) + ", " + n + ");");
    }
  }
  vectorBarrier();
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitCast(mlir::Operation *op) {
  auto cast = llvm::cast<tile::CastOp>(op);
  auto from = cast.getInput().getType().cast<tile::TileType>();
  auto to = cast.getResult().getType().cast<tile::TileType>();
  std::optional<std::string> mode = castRoundMode(from.getElementType(), to.getElementType(), target_);
  if (!mode)
    return unsupported(op, "this SoC has no " + tileTypeName(from.getElementType()) + " -> " +
                               tileTypeName(to.getElementType()) + " Cast (asc-devkit's cast pairs for " +
                               target_.soc_version + ")");
  if (elementBytes(from.getElementType()) != elementBytes(to.getElementType()) &&
      bufferOf(cast.getInput()) == bufferOf(cast.getResult()))
    return unsupported(op, "a widening or narrowing Cast cannot run in place");
  line("Cast(" + tensor(cast.getResult()) + ", " + tensor(cast.getInput()) + ", " + *mode + ", " + count(to) + ");");
  vectorBarrier();
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitBroadcast(mlir::Operation *op) {
  auto bc = llvm::cast<tile::BroadcastOp>(op);
  auto from = bc.getInput().getType().cast<tile::TileType>();
  auto to = bc.getResult().getType().cast<tile::TileType>();
  std::string cxx = cxxElementType(to.getElementType());
  int64_t rows = to.getRows(), cols = to.getCols();
  if (to.getElementType().isBF16()) return unsupported(op, "bf16 has no Duplicate or Muls");
  if (rows > 1 && (cols * elementBytes(to.getElementType())) % 32 != 0)
    return unsupported(op, "each row of the result must start 32 B aligned, and a row of " +
                               std::to_string(cols * elementBytes(to.getElementType())) + " bytes does not");
  std::string dst = tensor(bc.getResult()), src = tensor(bc.getInput()), c = std::to_string(cols);
  if (from.getCols() == cols) {
    // A 1xC row into every row: Muls by one copies on the vector pipe.
    std::string one = to.getElementType().isSignlessInteger(32) ? "1" : floatLiteral(1.0, cxx);
    line("for (int32_t r = 0; r < " + std::to_string(rows) + "; ++r) {");
    line("  Muls(" + dst + "[r * " + c + "], " + src + ", " + one + ", " + c + ");");
    line("}");
  } else {
    // An Rx1 column: each row is its element, read by the scalar unit
    // (after the vector writes: V_S) and duplicated.
    syncVectorToScalar();
    line("for (int32_t r = 0; r < " + std::to_string(rows) + "; ++r) {");
    line("  Duplicate(" + dst + "[r * " + c + "], " + src + ".GetValue(r), " + c + ");");
    line("}");
  }
  vectorBarrier();
  return mlir::success();
}

}  // namespace kiln::ascend::lower
