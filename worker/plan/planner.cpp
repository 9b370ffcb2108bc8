#include "worker/plan/planner.h"

#include <algorithm>

#include "llvm/Support/raw_ostream.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/tile_type.h"
#include "worker/pipeline/mlir_diagnostics.h"
#include "worker/plan/buffer_groups.h"
#include "worker/plan/offset_allocator.h"

namespace kiln::plan {
namespace {

SourceLoc sourceLoc(mlir::Location loc) {
  SourceLoc out;
  if (auto fileLoc = firstFileLocation(loc)) {
    out.file = fileLoc->getFilename().str();
    out.line = fileLoc->getLine();
    out.column = fileLoc->getColumn();
  }
  return out;
}

Diagnostic located(mlir::Location loc, std::string message, Severity severity = Severity::kError) {
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

std::string typeText(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return os.str();
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

std::string kib(int64_t bytes) {
  return bytes % 1024 == 0 ? std::to_string(bytes / 1024) + " KiB" : std::to_string(bytes) + " bytes";
}

/// The capacity error, at the op where the most tile bytes are live.
Diagnostic capacityError(const KernelPlan &plan, const NvidiaTarget &target,
                         const std::vector<Interval> &intervals, const OpNumbering &numbering,
                         mlir::func::FuncOp kernel) {
  Peak peak = peakLiveBytes(intervals);
  mlir::Operation *at = peak.position < static_cast<int>(numbering.order.size())
                            ? numbering.order[peak.position]
                            : kernel.getOperation();
  std::string opName = at->getName().getStringRef().str();
  Diagnostic d = located(
      at->getLoc(), "kernel @" + plan.kernel + " needs " + std::to_string(plan.shared_bytes) +
                        " bytes of shared memory on " + target.arch + ", but a block can have at most " +
                        std::to_string(target.max_shared_per_block) + " (" +
                        kib(target.max_shared_per_block) + "); at this " + opName + " " +
                        std::to_string(peak.bytes) + " bytes of tiles are live");
  std::vector<const Buffer *> live;
  for (const Buffer &b : plan.buffers)
    if (b.live_begin <= peak.position && peak.position <= b.live_end) live.push_back(&b);
  std::sort(live.begin(), live.end(), [](const Buffer *a, const Buffer *b) { return a->bytes > b->bytes; });
  for (size_t i = 0; i < live.size() && i < 4; ++i) {
    Diagnostic note;
    note.severity = Severity::kNote;
    note.file = live[i]->loc.file;
    note.line = live[i]->loc.line;
    note.column = live[i]->loc.column;
    note.message = "live: " + std::to_string(live[i]->rows) + "x" + std::to_string(live[i]->cols) + "x" +
                   dtypeName(live[i]->dtype) + " tile (" + std::to_string(live[i]->bytes) +
                   " bytes) from " + live[i]->defined_by;
    d.notes.push_back(std::move(note));
  }
  return d;
}

void recordOps(const OpNumbering &numbering, const llvm::DenseMap<mlir::Value, int> &bufferOf,
               KernelPlan &plan) {
  for (mlir::Operation *op : numbering.order) {
    PlannedOp planned;
    for (mlir::Value operand : op->getOperands())
      if (auto it = bufferOf.find(operand); it != bufferOf.end()) planned.operands.push_back(it->second);
    // A yield writes the buffers of its parent's results.
    if (op->hasTrait<mlir::OpTrait::IsTerminator>() && op->getParentOp() &&
        op->getNumOperands() == op->getParentOp()->getNumResults()) {
      for (mlir::Value result : op->getParentOp()->getResults())
        if (auto it = bufferOf.find(result); it != bufferOf.end()) planned.results.push_back(it->second);
    } else {
      for (mlir::Value result : op->getResults())
        if (auto it = bufferOf.find(result); it != bufferOf.end()) planned.results.push_back(it->second);
    }
    if (planned.operands.empty() && planned.results.empty()) continue;
    planned.position = numbering.begin.lookup(op);
    planned.name = op->getName().getStringRef().str();
    planned.loc = sourceLoc(op->getLoc());
    plan.ops.push_back(std::move(planned));
  }
}

}  // namespace

PlanResult planKernel(mlir::func::FuncOp kernel, const NvidiaTarget &target,
                      const PlannerConfig &config) {
  PlanResult result;
  KernelPlan &plan = result.plan;
  plan.kernel = kernel.getSymName().str();
  plan.target = target.arch;
  if (auto grid = kernel->getAttrOfType<mlir::DenseI64ArrayAttr>(tile::TileDialect::kGridAttrName))
    plan.grid.assign(grid.asArrayRef().begin(), grid.asArrayRef().end());
  plan.block_threads = std::min(config.block_threads, target.max_threads_per_block);
  plan.params = kernelParams(kernel);

  bool hasCall = false;
  kernel.walk([&](mlir::func::CallOp call) {
    result.diagnostics.push_back(located(
        call.getLoc(), "call to @" + call.getCallee().str() +
                           " could not be inlined into the kernel (is it recursive?)"));
    hasCall = true;
  });
  if (hasCall) return result;

  OpNumbering numbering = numberOps(kernel);
  BufferGroups groups = groupTileValues(numbering);
  std::vector<Interval> intervals;
  for (const BufferGroup &group : groups.groups) {
    auto type = group.members.front().getType().cast<tile::TileType>();
    intervals.push_back({group.range.begin, group.range.end,
                         type.getNumElements() * (type.getElementType().getIntOrFloatBitWidth() / 8)});
  }
  Placement placement = placeIntervals(intervals, config.alignment);

  for (auto [id, group] : llvm::enumerate(groups.groups)) {
    auto type = group.members.front().getType().cast<tile::TileType>();
    Buffer buffer;
    buffer.id = static_cast<int>(id);
    buffer.space = MemorySpace::kShared;
    buffer.offset = placement.offsets[id];
    buffer.bytes = intervals[id].bytes;
    buffer.rows = type.getRows();
    buffer.cols = type.getCols();
    buffer.dtype = dtypeOf(type.getElementType());
    buffer.live_begin = group.range.begin;
    buffer.live_end = group.range.end;
    mlir::Value first = group.members.front();
    mlir::Operation *definer = first.getDefiningOp() ? first.getDefiningOp()
                                                     : first.getParentBlock()->getParentOp();
    buffer.defined_by = definer->getName().getStringRef().str();
    buffer.loc = sourceLoc(definer->getLoc());
    plan.buffers.push_back(buffer);
    for (mlir::Value member : group.members) result.buffer_of[member] = buffer.id;
  }
  recordOps(numbering, result.buffer_of, plan);

  plan.shared_bytes = placement.high_water;
  plan.dynamic_shared = plan.shared_bytes > target.static_shared_limit;
  if (plan.shared_bytes > target.max_shared_per_block)
    result.diagnostics.push_back(capacityError(plan, target, intervals, numbering, kernel));
  return result;
}

}  // namespace kiln::plan
