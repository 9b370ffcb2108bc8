// scf.for and scf.if carried over, and the index and scalar arith of the
// kernel. PTO tiles are buffers, not values: a tile iter_arg or if result
// is its plan buffer, and where the plan gave the yielded value another
// buffer the yield becomes a copy into it. Scalar iter_args and results
// stay SSA values of scf.
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "worker/backends/ascend/lower/pto/pto_kernel_emitter.h"
#include "worker/ir/tile_type.h"

namespace kiln::ascend::lower::pto {
namespace {

bool isTile(mlir::Value value) { return value.getType().isa<tile::TileType>(); }

// `%r` for one result, `%r:2` for more; the names of the results.
std::string resultNames(KernelEmitter &e, mlir::ResultRange results, const std::string &stem,
                        std::vector<mlir::Value> &scalars) {
  for (mlir::Value r : results)
    if (!isTile(r)) scalars.push_back(r);
  if (scalars.empty()) return "";
  std::string name = e.w().fresh(stem);
  for (size_t i = 0; i < scalars.size(); ++i)
    e.w().setName(scalars[i], scalars.size() == 1 ? name : name + "#" + std::to_string(i));
  return (scalars.size() == 1 ? name : name + ":" + std::to_string(scalars.size())) + " = ";
}

std::string typeList(const std::vector<mlir::Value> &values) {
  std::string out;
  for (mlir::Value v : values) out += (out.empty() ? "" : ", ") + ptoType(v.getType());
  return out;
}

}  // namespace

// A yield: each tile goes into its parent's result buffer, each scalar into
// the scf.yield.
static mlir::LogicalResult emitYield(KernelEmitter &e, mlir::Operation *yield, mlir::ResultRange targets) {
  e.w().startOp(yield->getLoc());
  std::vector<std::string> names, types;
  for (auto [value, target] : llvm::zip(yield->getOperands(), targets)) {
    if (!isTile(value)) {
      names.push_back(e.scalar(value));
      types.push_back(ptoType(value.getType()));
      continue;
    }
    std::optional<std::string> from = e.valueTile(value, yield);
    std::optional<std::string> to = from ? e.valueTile(target, yield) : std::nullopt;
    if (!to || mlir::failed(e.copyTile(yield, *from, *to))) return mlir::failure();
  }
  if (names.empty()) return mlir::success();
  std::string line = "scf.yield ", typeText;
  for (size_t i = 0; i < names.size(); ++i) {
    line += (i ? ", " : "") + names[i];
    typeText += (i ? ", " : "") + types[i];
  }
  e.w().line(line + " : " + typeText);
  return mlir::success();
}

static mlir::LogicalResult emitBody(KernelEmitter &e, mlir::Block &block, mlir::ResultRange targets) {
  for (mlir::Operation &op : block) {
    if (&op == block.getTerminator()) return emitYield(e, &op, targets);
    if (mlir::failed(e.emitOp(&op))) return mlir::failure();
  }
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitFor(mlir::scf::ForOp loop) {
  std::vector<mlir::Value> scalarResults;
  std::string iterArgs;
  for (auto [init, iterArg, result] : llvm::zip(loop.getInitArgs(), loop.getRegionIterArgs(), loop.getResults())) {
    if (!isTile(result)) {
      std::string name = writer_.fresh("iter");
      writer_.setName(iterArg, name);
      iterArgs += (iterArgs.empty() ? "" : ", ") + name + " = " + scalar(init);
      continue;
    }
    if (zero_start_.count(iterArg)) continue;  // the first matmul does not accumulate
    std::optional<std::string> from = valueTile(init, loop);
    std::optional<std::string> to = from ? valueTile(result, loop) : std::nullopt;
    if (!to || mlir::failed(copyTile(loop, *from, *to))) return mlir::failure();
  }
  std::string results = resultNames(*this, loop->getResults(), "for", scalarResults);
  std::string iv = writer_.fresh("i");
  writer_.setName(loop.getInductionVar(), iv);
  std::string head = results + "scf.for " + iv + " = " + scalar(loop.getLowerBound()) + " to " +
                     scalar(loop.getUpperBound()) + " step " + scalar(loop.getStep());
  if (!iterArgs.empty()) head += " iter_args(" + iterArgs + ") -> (" + typeList(scalarResults) + ")";
  writer_.open(head);
  if (mlir::failed(emitBody(*this, *loop.getBody(), loop->getResults()))) return mlir::failure();
  writer_.close();
  return mlir::success();
}

// Which branch goes first in the text. kiln's plan gives an if's result
// buffer the live range of the values computed into it; a branch that only
// copies an outer tile in writes it outside that range, which is right on
// the chip (one branch runs) but reads, in program order, as overlapping
// whatever the plan placed there while the other branch runs. Writing the
// computing branch first (with the condition negated) keeps every write of
// the result buffer inside its planned range.
static bool computesInto(KernelEmitter &e, mlir::Region &region, mlir::scf::IfOp branch, unsigned k) {
  if (region.empty()) return false;
  mlir::Value yielded = region.front().getTerminator()->getOperand(k);
  return yielded.getParentBlock() == &region.front() && yielded.getDefiningOp() &&
         e.bufferOf(yielded) >= 0 && e.bufferOf(yielded) == e.bufferOf(branch->getResult(k));
}

static bool elseFirst(KernelEmitter &e, mlir::scf::IfOp branch) {
  bool thenComputes = false, elseComputes = false;
  for (unsigned k = 0; k < branch->getNumResults(); ++k) {
    if (!isTile(branch->getResult(k))) continue;
    thenComputes |= computesInto(e, branch.getThenRegion(), branch, k);
    elseComputes |= computesInto(e, branch.getElseRegion(), branch, k);
  }
  return elseComputes && !thenComputes;
}

mlir::LogicalResult KernelEmitter::emitIf(mlir::scf::IfOp branch) {
  std::vector<mlir::Value> scalarResults;
  bool swap = elseFirst(*this, branch);
  std::string condition = scalar(branch.getCondition());
  if (swap) {
    std::string negated = writer_.fresh("not");
    mlir::TypedAttr yes = mlir::IntegerAttr::get(mlir::IntegerType::get(branch.getContext(), 1), 1);
    writer_.line(negated + " = arith.xori " + condition + ", " + writer_.constant(yes) + " : i1");
    condition = negated;
  }
  std::string results = resultNames(*this, branch->getResults(), "if", scalarResults);
  std::string head = results + "scf.if " + condition;
  if (!scalarResults.empty()) head += " -> (" + typeList(scalarResults) + ")";
  mlir::Region *first = swap ? &branch.getElseRegion() : &branch.getThenRegion();
  mlir::Region *second = swap ? &branch.getThenRegion() : &branch.getElseRegion();
  writer_.open(head);
  if (mlir::failed(emitBody(*this, first->front(), branch->getResults()))) return mlir::failure();
  if (!second->empty()) {
    writer_.reopen("else");
    if (mlir::failed(emitBody(*this, second->front(), branch->getResults()))) return mlir::failure();
  }
  writer_.close();
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitArith(mlir::Operation *op) {
  // Constants are hoisted to the top of the function when first used.
  if (llvm::isa<mlir::arith::ConstantOp>(op)) return mlir::success();
  llvm::StringRef name = op->getName().getStringRef();
  if (op->getNumResults() != 1) return unsupported(op, "kiln's PTO emitter lowers single-result arith ops only");
  mlir::Value result = op->getResult(0);
  std::string out = writer_.fresh("v");
  std::vector<std::string> operands;
  for (mlir::Value v : op->getOperands()) {
    operands.push_back(scalar(v));
    if (operands.back().empty()) return unsupported(op, "an operand has no scalar value in the PTO function");
  }
  std::string type = ptoType(result.getType());
  std::string text;
  if (auto cmp = llvm::dyn_cast<mlir::arith::CmpIOp>(op)) {
    text = "arith.cmpi " + mlir::arith::stringifyCmpIPredicate(cmp.getPredicate()).str() + ", " + operands[0] + ", " +
           operands[1] + " : " + ptoType(cmp.getLhs().getType());
  } else if (auto cmp = llvm::dyn_cast<mlir::arith::CmpFOp>(op)) {
    text = "arith.cmpf " + mlir::arith::stringifyCmpFPredicate(cmp.getPredicate()).str() + ", " + operands[0] + ", " +
           operands[1] + " : " + ptoType(cmp.getLhs().getType());
  } else if (llvm::isa<mlir::arith::SelectOp>(op)) {
    text = "arith.select " + operands[0] + ", " + operands[1] + ", " + operands[2] + " : " + type;
  } else if (llvm::isa<mlir::CastOpInterface>(op) && operands.size() == 1) {
    text = name.str() + " " + operands[0] + " : " + ptoType(op->getOperand(0).getType()) + " to " + type;
  } else if (operands.size() == 2 && op->getOperand(0).getType() == result.getType()) {
    text = name.str() + " " + operands[0] + ", " + operands[1] + " : " + type;
  } else if (operands.size() == 1 && name == "arith.negf") {
    text = "arith.negf " + operands[0] + " : " + type;
  } else {
    return unsupported(op, "kiln's PTO emitter does not lower this arith op");
  }
  writer_.line(out + " = " + text);
  writer_.setName(result, out);
  return mlir::success();
}

}  // namespace kiln::ascend::lower::pto
