#include "worker/ir/kernel_rules.h"

#include <deque>

#include "core/symbol_name.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassRegistry.h"
#include "worker/ir/tile_ops.h"
#include "llvm/ADT/DenseMap.h"

namespace kiln::tile {
namespace {

bool isTileOp(mlir::Operation *op) { return op->getDialect() && llvm::isa<TileDialect>(op->getDialect()); }

/// For each function reachable from a kernel: the kernel with the smallest
/// grid that reaches it, since program_id must fit every caller's grid.
struct Reach {
  mlir::func::FuncOp kernel;
  size_t gridRank;
};

llvm::DenseMap<mlir::Operation *, Reach> computeKernelReach(mlir::ModuleOp module) {
  mlir::SymbolTable symbols(module);
  llvm::DenseMap<mlir::Operation *, Reach> reach;
  std::deque<mlir::func::FuncOp> work;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(TileDialect::kKernelAttrName)) continue;
    auto grid = func->getAttrOfType<mlir::DenseI64ArrayAttr>(TileDialect::kGridAttrName);
    reach[func] = {func, grid ? static_cast<size_t>(grid.size()) : size_t{3}};
    work.push_back(func);
  }
  // Breadth-first over func.call edges; a function is revisited only when a
  // kernel with a smaller grid reaches it, so this ends on recursive calls.
  while (!work.empty()) {
    mlir::func::FuncOp caller = work.front();
    work.pop_front();
    Reach from = reach[caller];
    caller.walk([&](mlir::func::CallOp call) {
      auto callee = symbols.lookup<mlir::func::FuncOp>(call.getCallee());
      if (!callee) return;
      auto it = reach.find(callee);
      if (it != reach.end() && it->second.gridRank <= from.gridRank) return;
      reach[callee] = from;
      work.push_back(callee);
    });
  }
  return reach;
}

/// The name as it could be written in the source: printable ASCII kept,
/// anything else escaped, and long names cut, so the diagnostic itself
/// carries no control bytes.
std::string quotedName(llvm::StringRef name) {
  std::string out = "@\"";
  for (char c : name.take_front(64)) {
    if (c >= ' ' && c <= '~' && c != '"' && c != '\\') {
      out += c;
      continue;
    }
    static constexpr char kHex[] = "0123456789ABCDEF";
    out += '\\';
    out += kHex[(static_cast<unsigned char>(c) >> 4) & 0xF];
    out += kHex[static_cast<unsigned char>(c) & 0xF];
  }
  return out + (name.size() > 64 ? "...\"" : "\"");
}

/// Names reach generated C, PTX symbols, cubins and manifests: each
/// function's name must be one every backend emits unchanged.
bool verifySymbolNames(mlir::ModuleOp module) {
  bool failed = false;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    std::optional<std::string> problem = symbolNameProblem(func.getSymName());
    if (!problem) continue;
    // Located at the function without the op attached: MLIR would print
    // the whole function body as a note.
    mlir::emitError(func.getLoc()) << "function name " << quotedName(func.getSymName()) << " " << *problem
                                   << "; kernel and helper names must be C identifiers [ir.symbol-name]";
    failed = true;
  }
  return !failed;
}

}  // namespace

mlir::LogicalResult verifyKernelRules(mlir::ModuleOp module) {
  // Names first: a later rule's message would print the bad name.
  if (!verifySymbolNames(module)) return mlir::failure();
  auto reach = computeKernelReach(module);
  bool failed = false;
  for (mlir::Operation &top : module.getBody()->getOperations()) {
    auto func = llvm::dyn_cast<mlir::func::FuncOp>(top);
    auto it = func ? reach.find(func) : reach.end();
    if (it == reach.end()) {
      // Out of kernel scope: report the first tile op only, then move on.
      top.walk([&](mlir::Operation *op) {
        if (!isTileOp(op)) return mlir::WalkResult::advance();
        auto diag = op->emitOpError(
            "is outside any tile.kernel function and any function called from one");
        if (func) diag.attachNote(func.getLoc()) << "no kernel calls @" << func.getSymName();
        failed = true;
        return mlir::WalkResult::interrupt();
      });
      continue;
    }
    if (func->hasAttr(TileDialect::kKernelAttrName)) continue;  // checked by ProgramIdOp
    Reach r = it->second;
    func.walk([&](ProgramIdOp op) {
      auto dim = static_cast<int64_t>(op.getDim());
      if (dim < 0 || static_cast<size_t>(dim) < r.gridRank) return;
      auto diag = op.emitOpError("grid dimension ")
                  << op.getDim() << " is outside the " << r.gridRank << "-d grid of kernel @"
                  << r.kernel.getSymName() << ", which calls @" << func.getSymName();
      diag.attachNote(r.kernel.getLoc()) << "kernel @" << r.kernel.getSymName() << " declared here";
      failed = true;
    });
  }
  return mlir::failure(failed);
}

namespace {
struct VerifyKernelRulesPass
    : public mlir::PassWrapper<VerifyKernelRulesPass, mlir::OperationPass<mlir::ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(VerifyKernelRulesPass)
  llvm::StringRef getArgument() const final { return "tile-verify-kernel-rules"; }
  llvm::StringRef getDescription() const final {
    return "Check Tile IR's module-level rules: tile ops only in kernel scope, "
           "program_id within every calling kernel's grid";
  }
  void runOnOperation() override {
    if (mlir::failed(verifyKernelRules(getOperation()))) signalPassFailure();
    markAllAnalysesPreserved();
  }
};
}  // namespace

std::unique_ptr<mlir::Pass> createVerifyKernelRulesPass() {
  return std::make_unique<VerifyKernelRulesPass>();
}

void registerKernelRulesPass() { mlir::PassRegistration<VerifyKernelRulesPass>(); }

}  // namespace kiln::tile
