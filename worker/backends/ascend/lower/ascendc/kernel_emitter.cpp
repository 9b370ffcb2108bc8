#include "worker/backends/ascend/lower/ascendc/kernel_emitter.h"

#include <cassert>

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "core/symbol_name.h"
#include "worker/backends/ascend/lower/ascendc/ascendc_types.h"
#include "worker/backends/ascend/lower/kernel_core_kind.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/tile_ops.h"

namespace kiln::ascend::lower {
namespace {

/// "softmax_rows" -> "KernelSoftmaxRows", the samples' class naming.
std::string className(const std::string &kernel) {
  std::string out = "Kernel";
  bool upper = true;
  for (char c : kernel) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out + "_";  // the trailing '_' keeps "a_b" and "aB" apart
}

std::string cleanFile(llvm::StringRef file) {
  std::string out;
  for (char c : file)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '/' || c == '-') out += c;
  return out;
}

std::string paramType(mlir::Type type) {
  if (type.isa<mlir::MemRefType>()) return "GM_ADDR";
  return cxxScalarType(type);
}

}  // namespace

KernelEmitter::KernelEmitter(const KernelToLower &kernel, const AscendTarget &target, const AscendCOptions &options)
    : kernel_(kernel), target_(target), options_(options), numbering_(plan::numberOps(kernel.func)) {}

void KernelEmitter::line(const std::string &text) { body_ << std::string(indent_ * 2, ' ') << text << "\n"; }

void KernelEmitter::locationComment(mlir::Operation *op) {
  if (auto loc = firstFileLocation(op->getLoc()))
    line(std::string(kLocationCommentPrefix) + cleanFile(loc->getFilename().getValue()) + ":" +
         std::to_string(loc->getLine()) + ":" + std::to_string(loc->getColumn()));
}

mlir::LogicalResult KernelEmitter::unsupported(mlir::Operation *op, const std::string &why) {
  std::string dtype;
  for (mlir::Value v : op->getOperands())
    if (auto t = v.getType().dyn_cast<tile::TileType>()) {
      dtype = tileTypeName(t.getElementType());
      break;
    }
  if (dtype.empty() && op->getNumResults())
    if (auto t = op->getResult(0).getType().dyn_cast<tile::TileType>()) dtype = tileTypeName(t.getElementType());
  mlir::emitError(op->getLoc()) << "[ascend.unsupported] " << op->getName().getStringRef()
                                << (dtype.empty() ? "" : " with dtype " + dtype) << " is not supported on "
                                << target_.name << ": " << why;
  return mlir::failure();
}

std::string KernelEmitter::scalar(mlir::Value value) {
  if (auto arg = value.dyn_cast<mlir::BlockArgument>())
    if (arg.getOwner()->getParentOp() == mlir::func::FuncOp(kernel_.func).getOperation())
      return kernel_.plan->plan.params[arg.getArgNumber()].name;
  return scalars_.lookup(value);
}

std::string KernelEmitter::newScalar(mlir::Value value) {
  std::string name = "s" + std::to_string(next_scalar_++);
  scalars_[value] = name;
  return name;
}

bool KernelEmitter::emit(std::ostringstream &out, AscendCKernel &info) {
  mlir::func::FuncOp func = kernel_.func;
  info.name = func.getSymName().str();
  assert(isSymbolName(info.name) && "the front end admits only C identifiers as kernel names");
  if (mlir::failed(checkCoreUse(func, target_))) return false;
  CoreUse use = coreUse(func);
  info.core = use.kind();
  for (int64_t g : kernel_.plan->plan.grid) info.block_dim *= g;
  for (const plan::KernelParam &p : kernel_.plan->plan.params) info.params.push_back(p.name);
  mlir::Operation *matmul = nullptr;
  func.walk([&](tile::MatmulOp op) { if (!matmul) matmul = op; });
  if (use.cube_op && use.vector_op) {
    // Only 310P gets here (checkCoreUse refused the split SoCs): its AI core
    // has both units, but kiln has no L0C -> UB path for it (no Fixpipe).
    (void)unsupported(matmul ? matmul : use.cube_op, "kiln lowers tile.matmul only through Fixpipe, which this SoC lacks, so the "
                             "vector work after it cannot read its result");
    return false;
  }
  cube_kernel_ = info.core == CoreKind::kCube;
  if (cube_kernel_ && !target_.has_fixpipe) {
    (void)unsupported(matmul ? matmul : use.cube_op,
                      "this SoC has no Fixpipe to move a matmul result out of L0C, and kiln has no other route for it");
    return false;
  }
  if (mlir::failed(assignBuffers())) return false;

  std::string cls = className(info.name);
  // The GM views and the scalar parameters, as the samples' Init sets them.
  std::vector<std::string> entryParams, callArgs;
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
    const std::string &name = kernel_.plan->plan.params[i].name;
    entryParams.push_back(paramType(type) + " " + name);
    callArgs.push_back(name);
    if (auto memref = type.dyn_cast<mlir::MemRefType>()) {
      std::string elem = cxxElementType(memref.getElementType());
      gm_[name] = name + "Gm";
      member_lines_.push_back("GlobalTensor<" + elem + "> " + name + "Gm;");
      init_lines_.push_back(name + "Gm.SetGlobalBuffer((__gm__ " + elem + " *)" + name + ", " +
                            std::to_string(memref.getNumElements()) + ");");
    } else {
      member_lines_.push_back(paramType(type) + " " + name + ";");
      init_lines_.push_back("this->" + name + " = " + name + ";");
    }
  }
  emitBufferMembers();
  emitInitBuffers();
  if (failed_) return false;
  emitBufferGets();
  if (mlir::failed(emitBlock(func.getBody().front())) || failed_) return false;

  std::string params;
  for (size_t i = 0; i < entryParams.size(); ++i) params += (i ? ", " : "") + entryParams[i];
  std::string args;
  for (size_t i = 0; i < callArgs.size(); ++i) args += (i ? ", " : "") + callArgs[i];
  out << "// Tile IR kernel @" << info.name << ": " << coreKindName(info.core) << " core, block dim "
      << info.block_dim << "\n";
  out << "class " << cls << " {\n public:\n";
  out << "  __aicore__ inline " << cls << "() {}\n";
  out << "  __aicore__ inline void Init(" << params << ")\n  {\n";
  for (const std::string &l : init_lines_) out << "    " << l << "\n";
  out << "  }\n";
  out << "  __aicore__ inline void Process()\n  {\n" << body_.str() << "  }\n\n private:\n";
  for (const std::string &l : member_lines_) out << "  " << l << "\n";
  out << "};\n\n";
  out << "extern \"C\" __global__ __aicore__ void " << info.name << "(" << params << ")\n{\n";
  out << "  " << cls << " op;\n  op.Init(" << args << ");\n  op.Process();\n}\n\n";
  return true;
}

mlir::LogicalResult KernelEmitter::emitBlock(mlir::Block &block,
                                             const std::function<void(mlir::Operation *)> &terminator) {
  for (mlir::Operation &op : block) {
    if (llvm::isa<mlir::func::ReturnOp>(op)) continue;
    if (llvm::isa<mlir::scf::YieldOp>(op)) {
      beforeOp(&op);
      if (terminator) terminator(&op);
      afterOp(&op);
      continue;
    }
    beforeOp(&op);
    if (mlir::failed(emitOp(&op))) return mlir::failure();
    afterOp(&op);
  }
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitOp(mlir::Operation *op) {
  if (llvm::isa<mlir::scf::ForOp>(op)) return emitFor(op);
  if (llvm::isa<mlir::scf::IfOp>(op)) return emitIf(op);
  locationComment(op);
  if (op->getDialect() && op->getDialect()->getNamespace() == "arith") return emitScalarOp(op);
  if (auto pid = llvm::dyn_cast<tile::ProgramIdOp>(op)) {
    // The grid is linearised row-major: dim d is the matching digit.
    const std::vector<int64_t> &grid = kernel_.plan->plan.grid;
    int64_t d = static_cast<int64_t>(pid.getDim()), stride = 1;
    for (size_t k = d + 1; k < grid.size(); ++k) stride *= grid[k];
    int64_t extent = d < static_cast<int64_t>(grid.size()) ? grid[d] : 1;
    line("const int64_t " + newScalar(pid.getResult()) + " = static_cast<int64_t>(GetBlockIdx()) / " +
         std::to_string(stride) + " % " + std::to_string(extent) + ";");
    return mlir::success();
  }
  if (llvm::isa<tile::LoadOp>(op)) return emitLoad(op);
  if (llvm::isa<tile::StoreOp>(op)) return emitStore(op);
  if (llvm::isa<tile::ConstantOp>(op)) return emitConstant(op);
  if (llvm::isa<tile::CastOp>(op)) return emitCast(op);
  if (llvm::isa<tile::BroadcastOp>(op)) return emitBroadcast(op);
  if (llvm::isa<tile::ReduceSumOp, tile::ReduceMaxOp>(op)) return emitReduce(op);
  if (llvm::isa<tile::SoftmaxOp>(op)) return emitSoftmax(op);
  if (llvm::isa<tile::MatmulOp>(op)) return emitMatmul(op);
  if (op->getDialect() && op->getDialect()->getNamespace() == "tile") return emitElementwise(op);
  return unsupported(op, "kiln's AscendC emitter has no lowering for this op");
}

mlir::LogicalResult KernelEmitter::emitScalarOp(mlir::Operation *op) {
  if (op->getNumResults() != 1) return unsupported(op, "not a scalar op kiln lowers");
  mlir::Value result = op->getResult(0);
  std::string type = cxxScalarType(result.getType());
  if (type.empty()) return unsupported(op, "its result type has no C++ scalar type here");
  if (auto c = llvm::dyn_cast<mlir::arith::ConstantOp>(op)) {
    std::string value;
    if (auto i = c.getValue().dyn_cast<mlir::IntegerAttr>())
      value = type == "bool" ? (i.getValue().isZero() ? "false" : "true") : std::to_string(i.getValue().getSExtValue());
    else if (auto f = c.getValue().dyn_cast<mlir::FloatAttr>())
      value = floatLiteral(f.getValueAsDouble(), "float");
    else
      return unsupported(op, "a constant kiln cannot print");
    line("const " + type + " " + newScalar(result) + " = " + value + ";");
    return mlir::success();
  }
  auto operand = [&](unsigned i) { return scalar(op->getOperand(i)); };
  llvm::StringRef name = op->getName().getStringRef();
  static const std::map<std::string, std::string> kBinary = {
      {"arith.addi", "+"}, {"arith.subi", "-"}, {"arith.muli", "*"}, {"arith.divsi", "/"},
      {"arith.remsi", "%"}, {"arith.andi", "&"}, {"arith.ori", "|"}, {"arith.xori", "^"},
      {"arith.addf", "+"}, {"arith.subf", "-"}, {"arith.mulf", "*"}, {"arith.divf", "/"}};
  std::string expr;
  if (auto it = kBinary.find(name.str()); it != kBinary.end()) {
    expr = operand(0) + " " + it->second + " " + operand(1);
  } else if (name == "arith.maxsi" || name == "arith.minsi") {
    expr = "(" + operand(0) + (name == "arith.maxsi" ? " > " : " < ") + operand(1) + " ? " + operand(0) + " : " +
           operand(1) + ")";
  } else if (auto cmp = llvm::dyn_cast<mlir::arith::CmpIOp>(op)) {
    using P = mlir::arith::CmpIPredicate;
    static const std::map<P, std::string> kCmp = {{P::eq, "=="}, {P::ne, "!="}, {P::slt, "<"}, {P::sle, "<="},
                                                 {P::sgt, ">"}, {P::sge, ">="}, {P::ult, "<"}, {P::ule, "<="},
                                                 {P::ugt, ">"}, {P::uge, ">="}};
    P p = cmp.getPredicate();
    bool isUnsigned = p == P::ult || p == P::ule || p == P::ugt || p == P::uge;
    std::string a = isUnsigned ? "static_cast<uint64_t>(" + operand(0) + ")" : operand(0);
    std::string b = isUnsigned ? "static_cast<uint64_t>(" + operand(1) + ")" : operand(1);
    expr = a + " " + kCmp.at(p) + " " + b;
  } else if (llvm::isa<mlir::arith::SelectOp>(op)) {
    expr = operand(0) + " ? " + operand(1) + " : " + operand(2);
  } else if (llvm::isa<mlir::arith::IndexCastOp, mlir::arith::SIToFPOp, mlir::arith::ExtSIOp,
                       mlir::arith::TruncIOp>(op)) {
    expr = "static_cast<" + type + ">(" + operand(0) + ")";
  } else if (llvm::isa<mlir::arith::NegFOp>(op)) {
    expr = "-" + operand(0);
  } else {
    return unsupported(op, "kiln's AscendC emitter has no lowering for this scalar op");
  }
  line("const " + type + " " + newScalar(result) + " = " + expr + ";");
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitFor(mlir::Operation *op) {
  auto loop = llvm::cast<mlir::scf::ForOp>(op);
  locationComment(op);
  // Loop-carried scalars are variables declared before the loop; tiles
  // live in the loop's one buffer, into which the initial value is copied.
  for (auto [init, arg, result] : llvm::zip(loop.getInitArgs(), loop.getRegionIterArgs(), loop.getResults())) {
    if (arg.getType().isa<tile::TileType>()) {
      copyTile(arg, init);
      continue;
    }
    std::string type = cxxScalarType(arg.getType());
    if (type.empty()) return unsupported(op, "a loop-carried value of this type");
    std::string var = newScalar(arg);
    scalars_[result] = var;
    line(type + " " + var + " = " + scalar(init) + ";");
  }
  std::string iv = newScalar(loop.getInductionVar());
  line("for (int64_t " + iv + " = " + scalar(loop.getLowerBound()) + "; " + iv + " < " +
       scalar(loop.getUpperBound()) + "; " + iv + " += " + scalar(loop.getStep()) + ") {");
  ++indent_;
  auto yieldBack = [&](mlir::Operation *yield) {
    // Scalars are assigned through temporaries: a yield may swap them.
    std::vector<std::pair<std::string, std::string>> assigns;
    for (auto [value, arg] : llvm::zip(yield->getOperands(), loop.getRegionIterArgs())) {
      if (arg.getType().isa<tile::TileType>()) {
        copyTile(arg, value);
        continue;
      }
      std::string next = "next_" + scalar(arg);
      line("const " + cxxScalarType(arg.getType()) + " " + next + " = " + scalar(value) + ";");
      assigns.emplace_back(scalar(arg), next);
    }
    for (auto &[var, next] : assigns) line(var + " = " + next + ";");
  };
  if (mlir::failed(emitBlock(*loop.getBody(), yieldBack))) return mlir::failure();
  --indent_;
  line("}");
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitIf(mlir::Operation *op) {
  auto branch = llvm::cast<mlir::scf::IfOp>(op);
  locationComment(op);
  for (mlir::Value result : branch.getResults()) {
    if (result.getType().isa<tile::TileType>()) continue;
    std::string type = cxxScalarType(result.getType());
    if (type.empty()) return unsupported(op, "an if result of this type");
    line(type + " " + newScalar(result) + ";");
  }
  auto emitRegion = [&](mlir::Region &region) -> mlir::LogicalResult {
    ++indent_;
    auto yieldOut = [&](mlir::Operation *yield) {
      for (auto [value, result] : llvm::zip(yield->getOperands(), branch.getResults())) {
        if (result.getType().isa<tile::TileType>())
          copyTile(result, value);
        else
          line(scalar(result) + " = " + scalar(value) + ";");
      }
    };
    if (!region.empty() && mlir::failed(emitBlock(region.front(), yieldOut))) return mlir::failure();
    --indent_;
    return mlir::success();
  };
  line("if (" + scalar(branch.getCondition()) + ") {");
  if (mlir::failed(emitRegion(branch.getThenRegion()))) return mlir::failure();
  line("} else {");
  if (mlir::failed(emitRegion(branch.getElseRegion()))) return mlir::failure();
  line("}");
  return mlir::success();
}

}  // namespace kiln::ascend::lower
