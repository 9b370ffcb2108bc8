#include "worker/plan/planner.h"

#include <algorithm>

#include "worker/ir/tile_type.h"
#include "worker/plan/buffer_groups.h"
#include "worker/plan/offset_allocator.h"
#include "worker/plan/plan_building.h"

namespace kiln::plan {
namespace {

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

/// Launch limits, located at the kernel: a grid the GPU cannot launch is an
/// error now, not a failed launch later.
void checkLaunchLimits(const KernelPlan &plan, const NvidiaTarget &target, mlir::func::FuncOp kernel,
                       std::vector<Diagnostic> &diagnostics) {
  static constexpr const char *kAxis[] = {"x", "y", "z"};
  for (size_t d = 0; d < plan.grid.size() && d < target.max_grid.size(); ++d) {
    if (plan.grid[d] <= target.max_grid[d]) continue;
    diagnostics.push_back(located(kernel.getLoc(),
                                  "kernel @" + plan.kernel + " has a grid of " + std::to_string(plan.grid[d]) +
                                      " along dimension " + std::to_string(d) + " (gridDim." + kAxis[d] + "), but " +
                                      target.arch + " launches at most " + std::to_string(target.max_grid[d]) +
                                      " [plan.launch-limits]"));
  }
  if (plan.block_threads < 1)
    diagnostics.push_back(located(kernel.getLoc(), "kernel @" + plan.kernel + " would launch " +
                                                       std::to_string(plan.block_threads) +
                                                       " threads per block; the planner's block_threads must be "
                                                       "at least 1 [plan.launch-limits]"));
}

}  // namespace

PlanResult planKernel(mlir::func::FuncOp kernel, const NvidiaTarget &target,
                      const PlannerConfig &config) {
  PlanResult result;
  KernelPlan &plan = result.plan;
  plan.target = target.arch;
  plan.block_threads = std::min(config.block_threads, target.max_threads_per_block);
  if (!startPlan(kernel, plan, result.diagnostics)) return result;
  checkLaunchLimits(plan, target, kernel, result.diagnostics);
  if (hasErrors(result.diagnostics)) return result;

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
    Buffer buffer = bufferFor(group.members.front(), static_cast<int>(id));
    buffer.space = MemorySpace::kShared;
    buffer.offset = placement.offsets[id];
    buffer.live_begin = group.range.begin;
    buffer.live_end = group.range.end;
    plan.buffers.push_back(buffer);
    for (mlir::Value member : group.members) result.buffer_of[member] = buffer.id;
  }
  if (config.faulty_overlap) overlapFirstLivePair(plan);
  recordOps(numbering, result.buffer_of, {}, plan);

  plan.shared_bytes = placement.high_water;
  plan.dynamic_shared = plan.shared_bytes > target.static_shared_limit;
  if (plan.shared_bytes > target.max_shared_per_block)
    result.diagnostics.push_back(capacityError(plan, target, intervals, numbering, kernel));
  return result;
}

}  // namespace kiln::plan
