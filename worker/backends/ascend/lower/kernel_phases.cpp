#include "worker/backends/ascend/lower/kernel_phases.h"

#include <functional>
#include <optional>

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SetVector.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "worker/backends/ascend/lower/kernel_core_kind.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/tile_ops.h"

namespace kiln::ascend::lower {
namespace {

// A workspace larger than any Ascend device's global memory (64 GiB on a
// 910B) is a kernel that cannot run, not one to emit.
constexpr int64_t kMaxWorkspaceBytes = int64_t{64} << 30;

// Where a top-level op goes: recomputed wherever it is used (kAnywhere),
// into the phase it falls in (kCurrent: scalar control flow), or into a
// phase of one core kind.
enum class Side { kAnywhere, kCurrent, kCube, kVector };

struct Phase {
  Side side = Side::kVector;
  std::vector<mlir::Operation *> ops;
};

std::string typeText(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return os.str();
}

class KernelSplitter {
 public:
  KernelSplitter(mlir::func::FuncOp kernel, const AscendTarget &target) : kernel_(kernel), target_(target) {}

  /// The split, or nothing when the kernel does not need one; failure()
  /// after a located error.
  mlir::FailureOr<std::optional<SplitKernel>> run() {
    kernel_.walk([&](tile::StoreOp store) { stored_.insert(store.getDest()); });
    if (mlir::failed(formPhases())) return mlir::failure();
    if (phases_.size() < 2) return std::optional<SplitKernel>();
    if (mlir::failed(findCrossings()) || mlir::failed(checkNamesAreFree())) return mlir::failure();
    return std::optional<SplitKernel>(buildPhases());
  }

 private:
  bool operandsAnywhere(mlir::Operation *op) {
    for (mlir::Value v : op->getOperands()) {
      if (llvm::isa<mlir::BlockArgument>(v)) continue;
      auto it = side_.find(v.getDefiningOp());
      if (it == side_.end() || it->second != Side::kAnywhere) return false;
    }
    return true;
  }

  /// Pure ops without regions over parameters and other such ops: index
  /// arithmetic, program ids, constant tiles, and loads of memrefs that the
  /// kernel never writes (the same bytes in every phase).
  bool recomputable(mlir::Operation *op) {
    if (op->getNumRegions() != 0 || !operandsAnywhere(op)) return false;
    if (op->getDialect() && op->getDialect()->getNamespace() == "arith") return true;
    if (llvm::isa<tile::ProgramIdOp, tile::ConstantOp>(op)) return true;
    if (auto load = llvm::dyn_cast<tile::LoadOp>(op))
      return llvm::isa<mlir::BlockArgument>(load.getSource()) && !stored_.contains(load.getSource());
    return false;
  }

  /// The core kind of the tile work in `top`; a located error when it holds both.
  mlir::FailureOr<Side> sideOf(mlir::Operation *top) {
    mlir::Operation *cube = nullptr, *vector = nullptr;
    top->walk([&](mlir::Operation *op) {
      if (!op->getDialect() || op->getDialect()->getNamespace() != "tile" || llvm::isa<tile::ProgramIdOp>(op)) return;
      mlir::Operation *&slot = needsCubeUnit(op) ? cube : vector;
      if (!slot || (llvm::isa<tile::MatmulOp>(op) && !llvm::isa<tile::MatmulOp>(slot))) slot = op;
    });
    if (cube && vector) {
      mlir::InFlightDiagnostic d = mlir::emitError(vector->getLoc())
                                   << "[ascend.mixed-cores] kernel @" << kernel_.getSymName() << " mixes cube work ("
                                   << cube->getName().getStringRef() << ") with vector work ("
                                   << vector->getName().getStringRef() << ") inside one "
                                   << top->getName().getStringRef() << "; " << target_.name
                                   << " runs them on separate cores, and kiln splits a kernel into cube and vector "
                                      "phases only between its top-level ops";
      d.attachNote(cube->getLoc()) << "the cube work is here";
      return mlir::failure();
    }
    return cube ? Side::kCube : vector ? Side::kVector : Side::kCurrent;
  }

  mlir::LogicalResult formPhases() {
    std::vector<mlir::Operation *> pending;  // scalar work before the first phase
    for (mlir::Operation &op : kernel_.front().without_terminator()) {
      if (recomputable(&op)) {
        side_[&op] = Side::kAnywhere;
        continue;
      }
      mlir::FailureOr<Side> side = sideOf(&op);
      if (mlir::failed(side)) return mlir::failure();
      side_[&op] = *side;
      if (*side == Side::kCurrent) {
        (phases_.empty() ? pending : phases_.back().ops).push_back(&op);
        continue;
      }
      if (phases_.empty() || phases_.back().side != *side) phases_.push_back({*side, {}});
      if (!pending.empty()) {
        phases_.back().ops = std::move(pending);
        pending.clear();
      }
      phases_.back().ops.push_back(&op);
    }
    if (!pending.empty()) {
      if (phases_.empty()) return mlir::success();
      phases_.back().ops.insert(phases_.back().ops.end(), pending.begin(), pending.end());
    }
    for (size_t i = 0; i < phases_.size(); ++i)
      for (mlir::Operation *op : phases_[i].ops) phase_of_[op] = i;
    return mlir::success();
  }

  /// The tiles one phase makes and a later one reads, each given a workspace.
  mlir::LogicalResult findCrossings() {
    mlir::Block &body = kernel_.front();
    auto grid = kernel_->getAttrOfType<mlir::DenseI64ArrayAttr>(tile::TileDialect::kGridAttrName);
    for (Phase &phase : phases_)
      for (mlir::Operation *op : phase.ops)
        for (mlir::Value result : op->getResults())
          for (mlir::Operation *user : result.getUsers()) {
            mlir::Operation *top = body.findAncestorOpInBlock(*user);
            if (!top || top == op || !phase_of_.count(top) || phase_of_[top] == phase_of_[op] ||
                workspace_of_.count(result))
              continue;
            auto tileType = result.getType().dyn_cast<tile::TileType>();
            if (!tileType) {
              mlir::InFlightDiagnostic d =
                  mlir::emitError(user->getLoc())
                  << "[ascend.mixed-cores] kernel @" << kernel_.getSymName() << " uses a " << typeText(result.getType())
                  << " made by " << (phase.side == Side::kCube ? "cube" : "vector") << " work in "
                  << (phases_[phase_of_[top]].side == Side::kCube ? "cube" : "vector") << " work; " << target_.name
                  << " runs them on separate cores, and only tiles cross between the phases kiln splits a kernel into";
              d.attachNote(op->getLoc()) << "the value is made here";
              return mlir::failure();
            }
            if (!grid || grid.size() > 2) {
              mlir::emitError(kernel_.getLoc())
                  << "[ascend.mixed-cores] kernel @" << kernel_.getSymName()
                  << " mixes cube and vector work on a 3-D grid; kiln splits mixed kernels for " << target_.name
                  << " (separate cube and vector cores) on 1-D and 2-D grids only";
              return mlir::failure();
            }
            // A grid is any positive extent, so the slice-per-block size is
            // computed with overflow checks and bounded by what a device's
            // global memory could hold.
            int64_t element_bytes = (tileType.getElementType().getIntOrFloatBitWidth() + 7) / 8;
            int64_t rows = 0, cols = 0, elements = 0, bytes = 0;
            bool fits = !__builtin_mul_overflow(tileType.getRows(), grid[0], &rows) &&
                        !__builtin_mul_overflow(tileType.getCols(), grid.size() > 1 ? grid[1] : 1, &cols) &&
                        !__builtin_mul_overflow(rows, cols, &elements) &&
                        !__builtin_mul_overflow(elements, element_bytes, &bytes) && bytes <= kMaxWorkspaceBytes;
            if (!fits) {
              mlir::InFlightDiagnostic d =
                  mlir::emitError(op->getLoc())
                  << "[ascend.mixed-cores] kernel @" << kernel_.getSymName() << " would need a workspace of "
                  << typeText(result.getType()) << " for every block of its grid to hand this tile from "
                  << (phase.side == Side::kCube ? "cube" : "vector") << " to "
                  << (phases_[phase_of_[top]].side == Side::kCube ? "cube" : "vector")
                  << " work, which is over kiln's bound of " << (kMaxWorkspaceBytes >> 30) << " GiB on "
                  << target_.name;
              d.attachNote(kernel_.getLoc()) << "the grid is declared here";
              return mlir::failure();
            }
            auto memref = mlir::MemRefType::get({rows, cols}, tileType.getElementType());
            workspace_of_[result] = workspaces_.size();
            workspaces_.push_back({memref, {typeText(memref), bytes}});
          }
    return mlir::success();
  }

  std::string phaseName(size_t i) {
    CoreKind core = phases_[i].side == Side::kCube ? CoreKind::kCube : CoreKind::kVector;
    return kernel_.getSymName().str() + "_p" + std::to_string(i) + "_" + coreKindName(core);
  }

  mlir::LogicalResult checkNamesAreFree() {
    auto module = kernel_->getParentOfType<mlir::ModuleOp>();
    for (size_t i = 0; i < phases_.size(); ++i)
      if (module.lookupSymbol(phaseName(i))) {
        mlir::emitError(kernel_.getLoc()) << "[ascend.mixed-cores] kernel @" << kernel_.getSymName()
                                          << " cannot be split into phases for " << target_.name
                                          << ": the module already defines @" << phaseName(i);
        return mlir::failure();
      }
    return mlir::success();
  }

  SplitKernel buildPhases() {
    SplitKernel out;
    out.kernel = kernel_.getSymName().str();
    out.user_params = kernel_.getNumArguments();
    for (auto &[type, info] : workspaces_) out.workspaces.push_back(info);
    mlir::OpBuilder builder(kernel_);
    for (size_t i = 0; i < phases_.size(); ++i) {
      CoreKind core = phases_[i].side == Side::kCube ? CoreKind::kCube : CoreKind::kVector;
      std::string name = phaseName(i);
      out.phases.push_back({name, core});
      builder.insert(buildPhase(phases_[i], name));
    }
    kernel_.erase();
    return out;
  }

  mlir::func::FuncOp buildPhase(const Phase &phase, const std::string &name) {
    mlir::MLIRContext *ctx = kernel_.getContext();
    mlir::func::FuncOp func = kernel_.cloneWithoutRegions();
    func.setSymName(name);
    llvm::SmallVector<mlir::Type> inputs(kernel_.getArgumentTypes());
    for (auto &[type, info] : workspaces_) inputs.push_back(type);
    func.setType(mlir::FunctionType::get(ctx, inputs, {}));
    if (mlir::ArrayAttr args = kernel_.getAllArgAttrs()) {
      llvm::SmallVector<mlir::Attribute> all(args.begin(), args.end());
      all.resize(inputs.size(), mlir::DictionaryAttr::get(ctx));
      func.setAllArgAttrs(all);
    }
    mlir::Block *entry = func.addEntryBlock();
    mlir::IRMapping map;
    for (auto [from, to] : llvm::zip(kernel_.getArguments(), entry->getArguments())) {
      to.setLoc(from.getLoc());
      map.map(from, to);
    }
    auto workspaceArg = [&](mlir::Value value) {
      return entry->getArgument(kernel_.getNumArguments() + workspace_of_.lookup(value));
    };
    mlir::OpBuilder b = mlir::OpBuilder::atBlockEnd(entry);
    llvm::SmallVector<mlir::Value> slice;  // this block's workspace coordinates
    auto sliceIndices = [&]() -> mlir::ValueRange {
      if (slice.empty()) {
        mlir::OpBuilder top = mlir::OpBuilder::atBlockBegin(entry);
        mlir::Location loc = kernel_.getLoc();
        auto grid = kernel_->getAttrOfType<mlir::DenseI64ArrayAttr>(tile::TileDialect::kGridAttrName);
        slice.push_back(top.create<tile::ProgramIdOp>(loc, top.getIndexType(), top.getI64IntegerAttr(0)));
        slice.push_back(grid.size() > 1
                            ? top.create<tile::ProgramIdOp>(loc, top.getIndexType(), top.getI64IntegerAttr(1)).getResult()
                            : top.create<mlir::arith::ConstantIndexOp>(loc, 0).getResult());
      }
      return slice;
    };
    std::function<mlir::Value(mlir::Value)> materialize = [&](mlir::Value value) -> mlir::Value {
      if (mlir::Value mapped = map.lookupOrNull(value)) return mapped;
      mlir::Operation *def = value.getDefiningOp();
      if (side_.lookup(def) == Side::kAnywhere) {
        for (mlir::Value operand : def->getOperands()) materialize(operand);
        b.clone(*def, map);
        return map.lookup(value);
      }
      // Made by an earlier phase: read back from its workspace.
      auto load = b.create<tile::LoadOp>(def->getLoc(), value.getType(), workspaceArg(value), sliceIndices());
      map.map(value, load.getResult());
      return load.getResult();
    };
    mlir::Block &body = kernel_.front();
    for (mlir::Operation *op : phase.ops) {
      llvm::SetVector<mlir::Value> outside;
      op->walk([&](mlir::Operation *inner) {
        for (mlir::Value operand : inner->getOperands())
          if (operand.getParentBlock() == &body) outside.insert(operand);
      });
      for (mlir::Value v : outside) materialize(v);
      mlir::Operation *copy = b.clone(*op, map);
      for (auto [result, made] : llvm::zip(op->getResults(), copy->getResults()))
        if (workspace_of_.count(result))
          b.create<tile::StoreOp>(op->getLoc(), made, workspaceArg(result), sliceIndices());
    }
    b.create<mlir::func::ReturnOp>(kernel_.getLoc());
    return func;
  }

  mlir::func::FuncOp kernel_;
  const AscendTarget &target_;
  llvm::DenseSet<mlir::Value> stored_;  // memrefs some tile.store writes
  llvm::DenseMap<mlir::Operation *, Side> side_;
  llvm::DenseMap<mlir::Operation *, size_t> phase_of_;
  std::vector<Phase> phases_;
  llvm::DenseMap<mlir::Value, size_t> workspace_of_;
  std::vector<std::pair<mlir::MemRefType, PhaseWorkspace>> workspaces_;
};

}  // namespace

mlir::LogicalResult splitMixedKernels(mlir::ModuleOp module, const AscendTarget &target,
                                      std::vector<SplitKernel> &split) {
  if (!target.split_cores) return mlir::success();
  std::vector<mlir::func::FuncOp> mixed;
  for (auto func : module.getOps<mlir::func::FuncOp>())
    if (func->hasAttr(tile::TileDialect::kKernelAttrName) && coreUse(func).mixed()) mixed.push_back(func);
  bool ok = true;
  for (mlir::func::FuncOp func : mixed) {
    mlir::FailureOr<std::optional<SplitKernel>> done = KernelSplitter(func, target).run();
    if (mlir::failed(done)) {
      ok = false;
      continue;
    }
    if (*done) split.push_back(std::move(**done));
  }
  return mlir::success(ok);
}

}  // namespace kiln::ascend::lower
