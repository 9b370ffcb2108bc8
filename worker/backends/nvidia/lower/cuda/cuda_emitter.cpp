#include "worker/backends/nvidia/lower/cuda/cuda_emitter.h"

#include "core/symbol_name.h"

#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/backends/nvidia/lower/cuda/c_syntax.h"
#include "worker/backends/nvidia/lower/cuda/cuda_writer.h"
#include "worker/ir/mlir_diagnostics.h"

namespace kiln::lower {

std::string CudaWriter::name(mlir::Value value) {
  auto it = names_.find(value);
  if (it != names_.end()) return it->second;
  std::string made = fresh("v");
  names_[value] = made;
  return made;
}

namespace {

/// Location names and file names come from the request: in a comment they
/// keep only characters that cannot end it (a newline), continue it onto
/// the code below (a trailing backslash) or spell a trigraph.
std::string commentText(llvm::StringRef text) {
  std::string out;
  for (char c : text.take_front(120)) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 llvm::StringRef("_-.:/@%# ").contains(c);
    out += plain ? c : '_';
  }
  return out;
}

}  // namespace

void CudaWriter::commentFor(mlir::Operation *op) {
  auto named = op->getLoc().dyn_cast<mlir::NameLoc>();
  if (!named) return;
  std::string comment = commentText(named.getName().strref());
  if (auto file = firstFileLocation(named.getChildLoc()))
    comment += " at " + commentText(file->getFilename().strref()) + ":" + std::to_string(file->getLine()) + ":" +
               std::to_string(file->getColumn());
  if (comment == lastComment_) return;
  lastComment_ = comment;
  line("// " + comment);
}

namespace {

mlir::LogicalResult writeFor(CudaWriter &w, mlir::scf::ForOp loop) {
  // Loop-carried scalars are variables declared before the loop; the loop's
  // results are those same variables afterwards.
  for (auto [init, iterArg, result] :
       llvm::zip(loop.getInitArgs(), loop.getRegionIterArgs(), loop.getResults())) {
    std::string var = w.fresh("carry");
    w.line(cType(iterArg.getType()) + " " + var + " = " + w.name(init) + ";");
    w.setName(iterArg, var);
    w.setName(result, var);
  }
  std::string iv = w.fresh("i");
  w.setName(loop.getInductionVar(), iv);
  w.open("for (long long " + iv + " = " + w.name(loop.getLowerBound()) + "; " + iv + " < " +
         w.name(loop.getUpperBound()) + "; " + iv + " += " + w.name(loop.getStep()) + ")");
  if (mlir::failed(w.writeBlock(*loop.getBody()))) return mlir::failure();
  auto yield = llvm::cast<mlir::scf::YieldOp>(loop.getBody()->getTerminator());
  // Read every yielded value before assigning any carried variable.
  std::vector<std::string> temps;
  for (mlir::Value value : yield.getOperands()) {
    temps.push_back(w.fresh("next"));
    w.line("const " + cType(value.getType()) + " " + temps.back() + " = " + w.name(value) + ";");
  }
  for (auto [iterArg, temp] : llvm::zip(loop.getRegionIterArgs(), temps))
    w.line(w.name(iterArg) + " = " + temp + ";");
  w.close();
  return mlir::success();
}

mlir::LogicalResult writeIf(CudaWriter &w, mlir::scf::IfOp branch) {
  for (mlir::Value result : branch.getResults()) {
    std::string var = w.fresh("r");
    w.line(cType(result.getType()) + " " + var + ";");
    w.setName(result, var);
  }
  auto writeBranch = [&](mlir::Region &region) -> mlir::LogicalResult {
    if (mlir::failed(w.writeBlock(region.front()))) return mlir::failure();
    auto yield = llvm::cast<mlir::scf::YieldOp>(region.front().getTerminator());
    for (auto [result, value] : llvm::zip(branch.getResults(), yield.getOperands()))
      w.line(w.name(result) + " = " + w.name(value) + ";");
    return mlir::success();
  };
  w.open("if (" + w.name(branch.getCondition()) + ")");
  if (mlir::failed(writeBranch(branch.getThenRegion()))) return mlir::failure();
  if (!branch.getElseRegion().empty()) {
    w.reopen("else");
    if (mlir::failed(writeBranch(branch.getElseRegion()))) return mlir::failure();
  }
  w.close();
  return mlir::success();
}

}  // namespace

mlir::LogicalResult CudaWriter::writeBlock(mlir::Block &block) {
  for (mlir::Operation &op : block.without_terminator())
    if (mlir::failed(writeOp(&op))) return mlir::failure();
  return mlir::success();
}

mlir::LogicalResult CudaWriter::writeOp(mlir::Operation *op) {
  // Canonicalization hoists constants to the top, far from their tile op;
  // a comment there would point at the wrong code.
  if (!op->hasTrait<mlir::OpTrait::ConstantLike>()) commentFor(op);
  if (auto loop = llvm::dyn_cast<mlir::scf::ForOp>(op)) return writeFor(*this, loop);
  if (auto branch = llvm::dyn_cast<mlir::scf::IfOp>(op)) return writeIf(*this, branch);
  return writeScalarOp(*this, op);
}

namespace {

/// The shared-memory array a kernel's memref.get_global refers to.
void declareSharedMemory(CudaWriter &w, mlir::gpu::GPUModuleOp module, mlir::gpu::GPUFuncOp func) {
  func.walk([&](mlir::memref::GetGlobalOp get) {
    auto global = module.lookupSymbol<mlir::memref::GlobalOp>(get.getName());
    if (!global) return;
    std::string name = get.getName().str();
    int64_t bytes = global.getType().getNumElements();
    if (global.isExternal())
      w.line("extern __shared__ __align__(16) unsigned char " + name + "[];");
    else
      w.line("__shared__ __align__(16) unsigned char " + name + "[" + std::to_string(bytes) + "];");
    w.setName(get.getResult(), name);
  });
}

}  // namespace

CudaSource emitCudaSource(mlir::gpu::GPUModuleOp module, const std::map<std::string, int> &blockThreads) {
  CudaSource result;
  DiagnosticCollector collector(*module.getContext(), result.diagnostics);
  bool usesHalf = false;
  module.walk([&](mlir::Operation *op) {
    for (mlir::Type type : op->getResultTypes()) usesHalf |= type.isF16();
    for (mlir::Type type : op->getOperandTypes())
      if (auto memref = type.dyn_cast<mlir::MemRefType>()) usesHalf |= memref.getElementType().isF16();
  });
  std::string text = "// Generated by kiln from Tile IR. Every tile lives in shared memory at the\n"
                     "// offset kiln's memory planner chose; see launch.json for the launch.\n";
  if (usesHalf) text += "#include <cuda_fp16.h>\n";
  for (auto func : module.getOps<mlir::gpu::GPUFuncOp>()) {
    // The verifier's symbol-name rule keeps other names out; a name that
    // got here anyway is refused, never pasted into the source.
    if (std::optional<std::string> problem = symbolNameProblem(func.getName())) {
      func.emitOpError("cannot be emitted as CUDA C: its name ") << *problem;
      return result;
    }
    CudaWriter w;
    std::string params;
    for (auto [index, arg] : llvm::enumerate(func.getArguments())) {
      std::string name = "arg" + std::to_string(index);
      w.setName(arg, name);
      params += (index ? ", " : "") + cType(arg.getType()) + " " + name;
    }
    auto threads = blockThreads.find(func.getName().str());
    std::string bounds = threads == blockThreads.end()
                             ? ""
                             : "__launch_bounds__(" + std::to_string(threads->second) + ") ";
    text += "\nextern \"C\" __global__ void " + bounds + func.getName().str() + "(" + params + ") {\n";
    declareSharedMemory(w, module, func);
    if (mlir::failed(w.writeBlock(func.getBody().front()))) return result;
    text += w.out + "}\n";
  }
  result.text = std::move(text);
  return result;
}

}  // namespace kiln::lower
