#include "worker/plan/plan_building.h"

#include <limits>

#include "llvm/Support/raw_ostream.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "worker/ir/tile_ops.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/tile_type.h"
#include "worker/ir/mlir_diagnostics.h"

namespace kiln::plan {
namespace {

std::string typeText(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return os.str();
}

int64_t constantOr(mlir::Value value, int64_t otherwise) {
  llvm::APInt constant;
  return mlir::matchPattern(value, mlir::m_ConstantInt(&constant)) ? constant.getSExtValue() : otherwise;
}

/// A load's or store's tile coordinates, for the oracle's constant-oob rule.
/// A rank-1 memref takes one index and a 1xC tile.
std::optional<GlobalAccess> globalAccessOf(mlir::Operation *op) {
  mlir::Value memref;
  mlir::ValueRange indices;
  mlir::Type tileType;
  bool write = false;
  if (auto load = llvm::dyn_cast<tile::LoadOp>(op)) {
    memref = load.getSource();
    indices = load.getIndices();
    tileType = load.getResult().getType();
  } else if (auto store = llvm::dyn_cast<tile::StoreOp>(op)) {
    memref = store.getDest();
    indices = store.getIndices();
    tileType = store.getValue().getType();
    write = true;
  } else {
    return std::nullopt;
  }
  auto shape = memref.getType().dyn_cast<mlir::MemRefType>();
  auto tileShape = tileType.dyn_cast<tile::TileType>();
  if (!shape || !tileShape || !shape.hasStaticShape()) return std::nullopt;
  std::vector<int64_t> tile = shape.getRank() == 1 ? std::vector<int64_t>{tileShape.getCols()}
                                                   : std::vector<int64_t>{tileShape.getRows(), tileShape.getCols()};
  if (indices.size() != tile.size() || static_cast<size_t>(shape.getRank()) != tile.size()) return std::nullopt;
  GlobalAccess access;
  access.write = write;
  auto arg = memref.dyn_cast<mlir::BlockArgument>();
  access.memref = arg && llvm::isa<mlir::func::FuncOp>(arg.getOwner()->getParentOp())
                      ? "arg" + std::to_string(arg.getArgNumber())
                      : "a memref";
  for (size_t d = 0; d < tile.size(); ++d) {
    access.tile_counts.push_back(tile[d] > 0 ? shape.getDimSize(d) / tile[d] : 0);
    constexpr int64_t kUnknown = std::numeric_limits<int64_t>::min();
    int64_t index = constantOr(indices[d], kUnknown);
    access.constant_index.push_back(index == kUnknown ? std::nullopt : std::optional<int64_t>(index));
  }
  return access;
}

}  // namespace

SourceLoc sourceLoc(mlir::Location loc) {
  SourceLoc out;
  if (auto fileLoc = firstFileLocation(loc)) {
    out.file = fileLoc->getFilename().str();
    out.line = fileLoc->getLine();
    out.column = fileLoc->getColumn();
  }
  return out;
}

Diagnostic located(mlir::Location loc, std::string message, Severity severity) {
  SourceLoc where = sourceLoc(loc);
  Diagnostic d;
  d.severity = severity;
  d.file = where.file;
  d.line = where.line;
  d.column = where.column;
  d.message = std::move(message);
  return d;
}

DType dtypeOf(mlir::Type element) {
  if (element.isF16()) return DType::kF16;
  if (element.isBF16()) return DType::kBF16;
  if (element.isSignlessInteger(32)) return DType::kI32;
  return DType::kF32;
}

std::vector<KernelParam> kernelParams(mlir::func::FuncOp kernel) {
  std::vector<KernelParam> params;
  for (auto [index, type] : llvm::enumerate(kernel.getArgumentTypes())) {
    KernelParam param;
    param.name = "arg" + std::to_string(index);
    param.type = typeText(type);
    param.kind = type.isa<mlir::MemRefType>() ? "pointer"
                 : type.isIndex()             ? "index"
                 : type.isF32()               ? "f32"
                                              : "i32";
    params.push_back(std::move(param));
  }
  return params;
}

bool startPlan(mlir::func::FuncOp kernel, KernelPlan &plan, std::vector<Diagnostic> &diagnostics) {
  plan.kernel = kernel.getSymName().str();
  if (auto grid = kernel->getAttrOfType<mlir::DenseI64ArrayAttr>(tile::TileDialect::kGridAttrName))
    plan.grid.assign(grid.asArrayRef().begin(), grid.asArrayRef().end());
  plan.params = kernelParams(kernel);
  bool hasCall = false;
  kernel.walk([&](mlir::func::CallOp call) {
    diagnostics.push_back(located(call.getLoc(), "call to @" + call.getCallee().str() +
                                                     " could not be inlined into the kernel (is it recursive?)"));
    hasCall = true;
  });
  return !hasCall;
}

Buffer bufferFor(mlir::Value value, int id) {
  auto type = value.getType().cast<tile::TileType>();
  Buffer buffer;
  buffer.id = id;
  buffer.rows = type.getRows();
  buffer.cols = type.getCols();
  buffer.dtype = dtypeOf(type.getElementType());
  buffer.bytes = type.getNumElements() * (type.getElementType().getIntOrFloatBitWidth() / 8);
  mlir::Operation *definer = value.getDefiningOp() ? value.getDefiningOp() : value.getParentBlock()->getParentOp();
  buffer.defined_by = definer->getName().getStringRef().str();
  buffer.loc = sourceLoc(definer->getLoc());
  return buffer;
}

void recordOps(const OpNumbering &numbering, const llvm::DenseMap<mlir::Value, int> &bufferOf,
               const StagingMap &staging, KernelPlan &plan) {
  for (mlir::Operation *op : numbering.order) {
    int position = numbering.begin.lookup(op);
    PlannedOp planned;
    for (mlir::OpOperand &operand : op->getOpOperands()) {
      auto it = bufferOf.find(operand.get());
      if (it == bufferOf.end()) continue;
      auto staged = staging.find({op, operand.getOperandNumber()});
      if (staged == staging.end()) {
        planned.operands.push_back(it->second);
        continue;
      }
      PlannedOp move;
      move.position = position;
      move.name = staged->second.move_op;
      move.operands = {it->second};
      move.results = {staged->second.buffer};
      move.loc = sourceLoc(op->getLoc());
      plan.ops.push_back(std::move(move));
      planned.operands.push_back(staged->second.buffer);
    }
    // A yield writes the buffers of its parent's results.
    bool yields = op->hasTrait<mlir::OpTrait::IsTerminator>() && op->getParentOp() &&
                  op->getNumOperands() == op->getParentOp()->getNumResults();
    for (mlir::Value result : yields ? op->getParentOp()->getResults() : op->getResults())
      if (auto it = bufferOf.find(result); it != bufferOf.end()) planned.results.push_back(it->second);
    if (planned.operands.empty() && planned.results.empty()) continue;
    planned.position = position;
    planned.name = op->getName().getStringRef().str();
    planned.loc = sourceLoc(op->getLoc());
    planned.global = globalAccessOf(op);
    plan.ops.push_back(std::move(planned));
  }
}

void overlapFirstLivePair(KernelPlan &plan) {
  for (size_t i = 0; i < plan.buffers.size(); ++i)
    for (size_t j = i + 1; j < plan.buffers.size(); ++j) {
      Buffer &a = plan.buffers[i], &b = plan.buffers[j];
      if (a.space != b.space || a.live_end < b.live_begin || b.live_end < a.live_begin) continue;
      b.offset = a.offset;
      return;
    }
}

}  // namespace kiln::plan
