// The cube: tile.matmul as pto.tmatmul (or pto.tmatmul.acc when it adds to
// an accumulator) on L0A x L0B into L0C, and the plan's moves between
// spaces as pto.tmov where PTO has the path: mat -> left/right always,
// acc -> vec on A5 only (PTO_IR_manual.md, tmov). A move PTO cannot make is
// refused, never approximated.
#include "mlir/IR/BuiltinTypes.h"
#include "worker/backends/ascend/lower/pto/pto_kernel_emitter.h"
#include "worker/ir/tile_ops.h"
#include "worker/ir/tile_type.h"

namespace kiln::ascend::lower::pto {
namespace {

using plan::MemorySpace;

// pto-isa's TMATMUL (dst, lhs, rhs) element types on A2/A3 and A5.
bool legalMatmulTypes(mlir::Type lhs, mlir::Type rhs, mlir::Type acc) {
  if (lhs != rhs) return false;
  if (acc.isF32()) return lhs.isF16() || lhs.isBF16() || lhs.isF32();
  return acc.isInteger(32) && lhs.isInteger(8);
}

}  // namespace

mlir::LogicalResult KernelEmitter::emitMove(mlir::Operation *at, const plan::PlannedOp &move, const std::string &from,
                                            const std::string &to) {
  MemorySpace source = planBuffer(move.operands.front()).space;
  MemorySpace dest = planBuffer(move.results.front()).space;
  bool legal = (source == MemorySpace::kL1 && (dest == MemorySpace::kL0A || dest == MemorySpace::kL0B)) ||
               (source == MemorySpace::kUB && dest == MemorySpace::kUB) ||
               (source == MemorySpace::kL0C && dest == MemorySpace::kUB && target_.pto_arch == "a5");
  if (!legal)
    return unsupported(at, std::string("kiln's plan moves an operand from ") + ptoLocation(source) + " to " +
                               ptoLocation(dest) + " (" + move.name + "), and pto.tmov has no such path on " +
                               target_.pto_arch);
  dps("tmov", {in(from)}, to);
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitMatmul(mlir::Operation *op) {
  auto matmul = llvm::cast<tile::MatmulOp>(op);
  mlir::Type lhsType = matmul.getLhs().getType().cast<tile::TileType>().getElementType();
  mlir::Type rhsType = matmul.getRhs().getType().cast<tile::TileType>().getElementType();
  mlir::Type accType = matmul.getResult().getType().cast<tile::TileType>().getElementType();
  if (!legalMatmulTypes(lhsType, rhsType, accType))
    return unsupported(op, "pto.tmatmul multiplies f16, bf16 or f32 into f32 (or i8 into i32), not " +
                               ptoDType(lhsType) + " x " + ptoDType(rhsType) + " into " + ptoDType(accType));
  std::optional<std::string> dst = valueTile(matmul.getResult(), op);
  std::optional<std::string> lhs = dst ? operandTile(op, 0) : std::nullopt;
  std::optional<std::string> rhs = lhs ? operandTile(op, 1) : std::nullopt;
  if (!rhs) return mlir::failure();
  if (!matmul.getAcc()) {
    dps("tmatmul", {in(*lhs), in(*rhs)}, *dst);
    return mlir::success();
  }
  auto zero = zero_start_.find(matmul.getAcc());
  if (zero == zero_start_.end()) {
    std::optional<std::string> acc = operandTile(op, 2);
    if (!acc) return mlir::failure();
    dps("tmatmul.acc", {in(*acc), in(*lhs), in(*rhs)}, *dst);
    return mlir::success();
  }
  // The accumulator starts at zero: the first trip computes a*b alone.
  std::optional<std::string> acc = valueTile(matmul.getAcc(), op);
  if (!acc) return mlir::failure();
  std::string first = writer_.fresh("first");
  writer_.line(first + " = arith.cmpi eq, " + scalar(zero->second.induction) + ", " +
               scalar(zero->second.lower_bound) + " : index");
  writer_.open("scf.if " + first);
  dps("tmatmul", {in(*lhs), in(*rhs)}, *dst);
  writer_.reopen("else");
  dps("tmatmul.acc", {in(*acc), in(*lhs), in(*rhs)}, *dst);
  writer_.close();
  return mlir::success();
}

}  // namespace kiln::ascend::lower::pto
