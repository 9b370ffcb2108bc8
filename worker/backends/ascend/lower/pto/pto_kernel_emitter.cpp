#include "worker/backends/ascend/lower/pto/pto_kernel_emitter.h"

#include "llvm/Support/raw_ostream.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "worker/backends/ascend/lower/kernel_core_kind.h"
#include "worker/ir/tile_ops.h"
#include "worker/ir/tile_type.h"

namespace kiln::ascend::lower::pto {
namespace {

bool isZeroConstant(mlir::Operation *op) {
  auto constant = llvm::dyn_cast_or_null<tile::ConstantOp>(op);
  if (!constant) return false;
  mlir::Attribute value = constant.getValue();
  if (auto f = value.dyn_cast<mlir::FloatAttr>()) return f.getValue().isZero();
  if (auto i = value.dyn_cast<mlir::IntegerAttr>()) return i.getValue().isZero();
  return false;
}

}  // namespace

std::string ptoType(mlir::Type type) {
  if (auto memref = type.dyn_cast<mlir::MemRefType>()) return "!pto.ptr<" + ptoDType(memref.getElementType()) + ">";
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return os.str();
}

KernelEmitter::KernelEmitter(const KernelToLower &kernel, const AscendTarget &target, const PtoOptions &options)
    : kernel_(kernel), target_(target), options_(options) {
  core_ = coreUse(kernel.func).kind();
  if (kernel.plan)
    for (int64_t g : kernel.plan->plan.grid) block_dim_ *= g;
  numbering_ = plan::numberOps(kernel.func);
  indexPlanOps();
}

std::vector<std::string> KernelEmitter::params() const {
  std::vector<std::string> out;
  mlir::func::FuncOp func = kernel_.func;
  for (unsigned i = 0; i < func.getNumArguments(); ++i) out.push_back("arg" + std::to_string(i));
  if (kernel_.plan && kernel_.plan->plan.params.size() == out.size())
    for (size_t i = 0; i < out.size(); ++i) out[i] = kernel_.plan->plan.params[i].name;
  return out;
}

// The plan's ops name the buffers each Tile IR op reads (a staged copy
// where the planner moved an operand) and the moves that fill copies. The
// planner numbers ops by plan::numberOps, so its positions index `order`.
void KernelEmitter::indexPlanOps() {
  if (!kernel_.plan) return;
  for (const plan::PlannedOp &op : kernel_.plan->plan.ops) {
    if (llvm::StringRef(op.name).starts_with("kiln.move_to_")) {
      if (!op.results.empty()) move_into_[op.results.front()] = &op;
      continue;
    }
    if (op.position >= 0 && op.position < static_cast<int>(numbering_.order.size()))
      planned_[numbering_.order[op.position]] = &op;
  }
}

mlir::LogicalResult KernelEmitter::unsupported(mlir::Operation *op, const std::string &why) {
  mlir::emitError(op->getLoc()) << "[pto.unsupported] " << op->getName().getStringRef() << " has no PTO form on "
                                << target_.name << ": " << why;
  failed_ = true;
  return mlir::failure();
}

void KernelEmitter::dps(const std::string &name, const std::vector<std::pair<std::string, std::string>> &ins,
                        const std::string &out, const std::string &attrs) {
  std::string values, types;
  for (const auto &[value, type] : ins) {
    values += (values.empty() ? "" : ", ") + value;
    types += (types.empty() ? "" : ", ") + type;
  }
  std::string text = "pto." + name;
  if (!ins.empty()) text += " ins(" + values + (attrs.empty() ? "" : " " + attrs) + " : " + types + ")";
  text += " outs(" + out + " : " + typeOf(out) + ")";
  writer_.line(text);
}

std::string KernelEmitter::scalar(mlir::Value value) {
  std::string name = writer_.name(value);
  if (!name.empty()) return name;
  if (auto constant = value.getDefiningOp<mlir::arith::ConstantOp>()) {
    name = writer_.constant(constant.getValue().cast<mlir::TypedAttr>());
    writer_.setName(value, name);
  }
  return name;
}

mlir::LogicalResult KernelEmitter::copyTile(mlir::Operation *at, const std::string &from, const std::string &to) {
  if (from == to) return mlir::success();
  const TileAlloc &a = allocs_[alloc_index_.at(from)], &b = allocs_[alloc_index_.at(to)];
  if (a.format.space != plan::MemorySpace::kUB || b.format.space != plan::MemorySpace::kUB)
    return unsupported(at, std::string("the tile moves from ") + ptoLocation(a.format.space) + " to " +
                               ptoLocation(b.format.space) + ", and pto.tmov only copies vec to vec between tiles of one kernel");
  dps("tmov", {in(from)}, to);
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitBlock(mlir::Block &block) {
  for (mlir::Operation &op : block)
    if (mlir::failed(emitOp(&op))) return mlir::failure();
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitOp(mlir::Operation *op) {
  if (skipped_.contains(op)) return mlir::success();
  writer_.startOp(op->getLoc());
  if (llvm::isa<tile::ProgramIdOp>(op)) return emitProgramId(op);
  if (llvm::isa<tile::LoadOp>(op)) return emitLoad(op);
  if (llvm::isa<tile::StoreOp>(op)) return emitStore(op);
  if (llvm::isa<tile::ConstantOp>(op)) return emitConstant(op);
  if (llvm::isa<tile::ReduceSumOp, tile::ReduceMaxOp>(op)) return emitReduce(op);
  if (llvm::isa<tile::BroadcastOp>(op)) return emitBroadcast(op);
  if (llvm::isa<tile::SoftmaxOp>(op)) return emitSoftmax(op);
  if (llvm::isa<tile::CastOp>(op)) return emitCast(op);
  if (llvm::isa<tile::MatmulOp>(op)) return emitMatmul(op);
  if (auto loop = llvm::dyn_cast<mlir::scf::ForOp>(op)) return emitFor(loop);
  if (auto branch = llvm::dyn_cast<mlir::scf::IfOp>(op)) return emitIf(branch);
  if (llvm::isa<mlir::func::ReturnOp>(op)) {
    writer_.line("return");
    return mlir::success();
  }
  if (op->getDialect() && op->getDialect()->getNamespace() == "arith") return emitArith(op);
  if (op->getDialect() && op->getDialect()->getNamespace() == "tile") return emitVector(op);
  return unsupported(op, "kiln's PTO emitter does not lower this op");
}

// A K loop that starts from a zero tile.constant in L0C needs no zeroing:
// its matmul runs without accumulating on the first trip (PTO has no move
// from vec into acc, and the cube kernel has no vector unit to fill it).
static void findZeroStarts(mlir::func::FuncOp func, KernelEmitter &e) {
  func.walk([&](mlir::scf::ForOp loop) {
    for (auto [init, iterArg, yielded] :
         llvm::zip(loop.getInitArgs(), loop.getRegionIterArgs(), loop.getBody()->getTerminator()->getOperands())) {
      if (!isZeroConstant(init.getDefiningOp()) || e.bufferOf(iterArg) < 0 ||
          e.planBuffer(e.bufferOf(iterArg)).space != plan::MemorySpace::kL0C || !iterArg.hasOneUse())
        continue;
      auto matmul = llvm::dyn_cast<tile::MatmulOp>(iterArg.use_begin()->getOwner());
      if (!matmul || matmul.getAcc() != iterArg || matmul->getBlock() != loop.getBody() ||
          yielded != matmul.getResult())
        continue;
      e.zero_start_[iterArg] = {loop.getInductionVar(), loop.getLowerBound()};
    }
  });
  // The constant itself is needed no more when every use starts such a loop.
  func.walk([&](tile::ConstantOp constant) {
    bool folded = !constant->use_empty() && llvm::all_of(constant->getUses(), [&](mlir::OpOperand &use) {
      auto loop = llvm::dyn_cast<mlir::scf::ForOp>(use.getOwner());
      return loop && use.getOperandNumber() >= loop.getNumControlOperands() &&
             e.zero_start_.count(loop.getRegionIterArgForOpOperand(use));
    });
    if (folded) e.skipped_.insert(constant);
  });
}

std::string KernelEmitter::header() const {
  mlir::func::FuncOp func = kernel_.func;
  std::string args;
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    args += std::string(i ? ", " : "") + "%arg" + std::to_string(i) + ": " + ptoType(func.getArgument(i).getType());
  return "  func.func @" + func.getSymName().str() + "(" + args +
         ") attributes {pto.kernel_kind = #pto.kernel_kind<" + coreKindName(core_) + ">} {\n";
}

mlir::FailureOr<std::string> KernelEmitter::run() {
  mlir::func::FuncOp func = kernel_.func;
  if (target_.pto_arch.empty()) {
    mlir::emitError(func.getLoc()) << "[pto.unsupported] kernel @" << func.getSymName() << ": " << target_.name
                                   << " has no PTOAS target (ptoas v0.26 takes --pto-arch=a3 for 910B/910C and a5 for "
                                      "950); emit ascendc for this SoC";
    return mlir::failure();
  }
  // kiln does not write PTO's cross-core handoff (tpush/tpop pipes), so a
  // kernel still mixed here (not split into phases, kernel_phases.h) is
  // refused as the AscendC emitter does.
  if (mlir::failed(checkCoreUse(func, target_))) return mlir::failure();
  if (!kernel_.plan || !kernel_.plan->ok()) {
    mlir::emitError(func.getLoc()) << "[pto.unsupported] kernel @" << func.getSymName()
                                   << " has no memory plan that passed on " << target_.name << " to emit";
    return mlir::failure();
  }
  for (unsigned i = 0; i < func.getNumArguments(); ++i) writer_.setName(func.getArgument(i), "%arg" + std::to_string(i));
  findZeroStarts(func, *this);
  writeViews();
  if (mlir::failed(emitBlock(func.getBody().front())) || failed_) return mlir::failure();
  if (mlir::failed(checkPlacement())) return mlir::failure();
  std::string allocs = allocsText();
  return header() + writer_.constantsText() + views_text_ + allocs + writer_.bodyText() + "  }\n";
}

}  // namespace kiln::ascend::lower::pto
