#include "worker/plan/ascend_planner.h"

#include <algorithm>
#include <map>
#include <optional>

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/ir/tile_ops.h"
#include "worker/plan/buffer_groups.h"
#include "worker/plan/offset_allocator.h"
#include "worker/plan/plan_building.h"

namespace kiln::plan {
namespace {

/// The space a value must be produced in, or nothing when it only follows
/// its buffer group (block arguments, loop and if results).
std::optional<MemorySpace> homeSpace(mlir::Value value) {
  mlir::Operation *def = value.getDefiningOp();
  if (!def || def->getNumRegions() > 0) return std::nullopt;
  if (llvm::isa<tile::MatmulOp>(def)) return MemorySpace::kL0C;
  if (llvm::isa<tile::LoadOp>(def)) {
    // GM -> L1 -> L0A/L0B when only the cube reads it; vector work needs UB.
    bool cubeOnly = !value.use_empty() && llvm::all_of(value.getUses(), [](mlir::OpOperand &use) {
      return llvm::isa<tile::MatmulOp>(use.getOwner()) && use.getOperandNumber() < 2;
    });
    return cubeOnly ? MemorySpace::kL1 : MemorySpace::kUB;
  }
  return MemorySpace::kUB;
}

/// The space `op` reads operand `index` from, when it has a rule: the cube
/// reads L0A/L0B/L0C; vector ops read UB; stores and control flow read any.
std::optional<MemorySpace> readSpace(mlir::Operation *op, unsigned index) {
  if (llvm::isa<tile::MatmulOp>(op))
    return index == 0 ? MemorySpace::kL0A : index == 1 ? MemorySpace::kL0B : MemorySpace::kL0C;
  if (llvm::isa<tile::StoreOp>(op) || op->getDialect() == nullptr ||
      op->getDialect()->getNamespace() != "tile")
    return std::nullopt;
  return MemorySpace::kUB;
}

struct SpacedGroup {
  std::vector<mlir::Value> members;
  LiveRange range;
  MemorySpace space = MemorySpace::kUB;
};

/// Buffer groups, split where members need different spaces: a matmul
/// result computed "in place" over a UB tile still needs its own L0C buffer.
std::vector<SpacedGroup> spacedGroups(const OpNumbering &numbering) {
  BufferGroups groups = groupTileValues(numbering);
  std::vector<SpacedGroup> out;
  for (BufferGroup &group : groups.groups) {
    std::optional<MemorySpace> space;
    for (mlir::Value m : group.members)
      if (!space) space = homeSpace(m);
    SpacedGroup kept{{}, group.range, space.value_or(MemorySpace::kUB)};
    for (mlir::Value m : group.members) {
      std::optional<MemorySpace> own = homeSpace(m);
      if (own && *own != kept.space)
        out.push_back({{m}, liveRange(m, numbering), *own});
      else
        kept.members.push_back(m);
    }
    out.push_back(std::move(kept));
  }
  return out;
}

const char *moveName(MemorySpace to) {
  switch (to) {
    case MemorySpace::kL0A: return "kiln.move_to_l0a";
    case MemorySpace::kL0B: return "kiln.move_to_l0b";
    case MemorySpace::kL0C: return "kiln.move_to_l0c";
    default: return "kiln.move_to_ub";
  }
}

Diagnostic overflow(const KernelPlan &plan, const oracle::DeviceSpec &device, MemorySpace space,
                    const std::vector<Interval> &intervals, const std::vector<int> &ids,
                    const OpNumbering &numbering, int64_t highWater) {
  Peak peak = peakLiveBytes(intervals);
  // Buffers exist only where ops define them, so the body has ops.
  mlir::Operation *at = numbering.order[std::min<size_t>(peak.position, numbering.order.size() - 1)];
  const oracle::SpaceSpec *spec = device.space(space);
  Diagnostic d = located(at->getLoc(), "[oracle.capacity] kernel @" + plan.kernel + " needs " +
                                           std::to_string(highWater) + " bytes of " + memorySpaceName(space) +
                                           " on " + device.name + ", which has " + std::to_string(spec->capacity) +
                                           "; at this " + at->getName().getStringRef().str() + " " +
                                           std::to_string(peak.bytes) + " bytes of " + memorySpaceName(space) +
                                           " tiles are live");
  d.tool = "kiln-oracle";
  for (size_t i = 0; i < intervals.size() && d.notes.size() < 4; ++i) {
    const Buffer &b = plan.buffers[ids[i]];
    if (intervals[i].begin <= peak.position && peak.position <= intervals[i].end) {
      Diagnostic note;
      note.severity = Severity::kNote;
      note.file = b.loc.file;
      note.line = b.loc.line;
      note.column = b.loc.column;
      note.message = "live: " + std::to_string(b.rows) + "x" + std::to_string(b.cols) + "x" + dtypeName(b.dtype) +
                     " tile (" + std::to_string(b.bytes) + " bytes) from " + b.defined_by;
      d.notes.push_back(std::move(note));
    }
  }
  return d;
}

/// A tile.constant whose every use is the initial value of an scf.for
/// whose iteration value only a tile.matmul accumulates into.
bool startsOnlyL0cAccumulators(mlir::Value value) {
  if (!value.getDefiningOp() || !llvm::isa<tile::ConstantOp>(value.getDefiningOp()) || value.use_empty()) return false;
  return llvm::all_of(value.getUses(), [](mlir::OpOperand &use) {
    auto loop = llvm::dyn_cast<mlir::scf::ForOp>(use.getOwner());
    if (!loop || use.getOperandNumber() < loop.getNumControlOperands()) return false;
    mlir::Value iterArg = loop.getRegionIterArgs()[use.getOperandNumber() - loop.getNumControlOperands()];
    return !iterArg.use_empty() && llvm::all_of(iterArg.getUses(), [](mlir::OpOperand &u) {
      return llvm::isa<tile::MatmulOp>(u.getOwner()) && u.getOperandNumber() == 2;
    });
  });
}

int64_t roundUp(int64_t value, int64_t to) { return (value + to - 1) / to * to; }

/// AscendC's InitBuffer: every buffer of a memory at the bump pointer, in
/// call order (buffer ids), each for the whole kernel. A buffer that ends
/// past the capacity gets the located error, at the op that defines it.
void placeInInitBufferOrder(KernelPlan &plan, const oracle::DeviceSpec &device, MemorySpace space,
                            const std::vector<int> &ids, const std::map<int, int> &copies,
                            std::vector<Diagnostic> &diagnostics) {
  const oracle::SpaceSpec *spec = device.space(space);
  int64_t alignment = std::max<int64_t>(spec->alignment, 32);
  int64_t next = 0;
  bool reported = false;
  for (int id : ids) {
    Buffer &b = plan.buffers[id];
    b.offset = next;
    auto it = copies.find(id);
    next += roundUp(b.bytes, alignment) * (it == copies.end() ? 1 : it->second);
    if (next <= spec->capacity || reported) continue;
    reported = true;
    Diagnostic d;
    d.file = b.loc.file;
    d.line = b.loc.line;
    d.column = b.loc.column;
    d.tool = "kiln-oracle";
    d.message = "[oracle.capacity] kernel @" + plan.kernel + " needs at least " + std::to_string(next) +
                " bytes of " + memorySpaceName(space) + " on " + device.name + ", which has " +
                std::to_string(spec->capacity) + ": AscendC's InitBuffer gives each buffer its own " +
                "region for the whole kernel, and the " + std::to_string(b.rows) + "x" + std::to_string(b.cols) +
                "x" + dtypeName(b.dtype) + " tile from this " + b.defined_by + " ends past it";
    diagnostics.push_back(std::move(d));
  }
}

}  // namespace

int ascendBufferCopies(mlir::Value defining) {
  mlir::Operation *def = defining.getDefiningOp();
  return def && llvm::isa<tile::LoadOp>(def) && def->getParentOfType<mlir::scf::ForOp>() ? 2 : 1;
}

int64_t ascendReduceTmpElems(int64_t count, int64_t elementBytes) {
  int64_t perRepeat = 256 / elementBytes;
  int64_t repeats = (count + perRepeat - 1) / perRepeat;
  return roundUp(2 * repeats, 32 / elementBytes);
}

int64_t ascendScratchBytes(mlir::Operation *op) {
  if (op->getNumOperands() == 0) return 0;
  auto type = op->getOperand(0).getType().dyn_cast<tile::TileType>();
  if (!type) return 0;
  int64_t rows = type.getRows(), cols = type.getCols();
  int64_t size = type.getElementType().getIntOrFloatBitWidth() / 8;
  int64_t tmp = roundUp(ascendReduceTmpElems(cols, size) * size, 32);
  auto axisOf = [](mlir::Operation *o) { return o->getAttrOfType<mlir::IntegerAttr>("axis").getInt(); };
  if (llvm::isa<tile::ReduceSumOp, tile::ReduceMaxOp>(op) && axisOf(op) == 1) return rows * 32 + tmp;
  if (llvm::isa<tile::SoftmaxOp>(op))
    return axisOf(op) == 1 ? 32 + tmp + roundUp(cols * size, 32) : 2 * roundUp(cols * size, 32);
  if (llvm::isa<tile::AbsOp>(op) && type.getElementType().isSignlessInteger(32))
    return roundUp(rows * cols * size, 32);
  // bf16 arithmetic is computed on f32 copies of the operands.
  if (type.getElementType().isBF16() && !inPlaceOperands(op).empty() && !llvm::isa<tile::CastOp, tile::MatmulOp>(op))
    return static_cast<int64_t>(op->getNumOperands()) * roundUp(rows * cols * 4, 32);
  return 0;
}

int64_t ascendVectorScratchBytes(mlir::func::FuncOp kernel) {
  int64_t most = 0;
  kernel.walk([&](mlir::Operation *op) { most = std::max(most, ascendScratchBytes(op)); });
  return most;
}

PlanResult planKernelForAscend(mlir::func::FuncOp kernel, const oracle::DeviceSpec &device,
                               const PlannerConfig &config) {
  PlanResult result;
  KernelPlan &plan = result.plan;
  plan.target = device.name;
  if (!startPlan(kernel, plan, result.diagnostics)) return result;

  OpNumbering numbering = numberOps(kernel);
  std::map<int, int> copies;  // buffer id -> queue copies, where not 1
  bool initBufferOrder = config.ascend_placement == AscendPlacement::kInitBufferOrder;
  for (SpacedGroup &group : spacedGroups(numbering)) {
    // The AscendC emitter starts an accumulator from a zero tile.constant
    // with Mmad's cmatrixInitVal, in L0C: a cube kernel has no UB at all.
    if (initBufferOrder && startsOnlyL0cAccumulators(group.members.front())) group.space = MemorySpace::kL0C;
    Buffer buffer = bufferFor(group.members.front(), static_cast<int>(plan.buffers.size()));
    if (int n = ascendBufferCopies(group.members.front()); n != 1) copies[buffer.id] = n;
    buffer.space = group.space;
    buffer.live_begin = group.range.begin;
    buffer.live_end = group.range.end;
    for (mlir::Value member : group.members) result.buffer_of[member] = buffer.id;
    plan.buffers.push_back(buffer);
  }

  StagingMap staging;
  for (mlir::Operation *op : numbering.order)
    for (mlir::OpOperand &operand : op->getOpOperands()) {
      auto it = result.buffer_of.find(operand.get());
      std::optional<MemorySpace> need = readSpace(op, operand.getOperandNumber());
      if (it == result.buffer_of.end() || !need || plan.buffers[it->second].space == *need) continue;
      Buffer copy = bufferFor(operand.get(), static_cast<int>(plan.buffers.size()));
      copy.space = *need;
      copy.live_begin = copy.live_end = numbering.begin.lookup(op);
      copy.defined_by = moveName(*need);
      copy.loc = sourceLoc(op->getLoc());
      staging[{op, operand.getOperandNumber()}] = {copy.id, copy.defined_by};
      plan.buffers.push_back(copy);
    }

  if (int64_t scratch = initBufferOrder ? ascendVectorScratchBytes(kernel) : 0; scratch > 0) {
    Buffer b;
    b.id = static_cast<int>(plan.buffers.size());
    b.space = MemorySpace::kUB;
    b.bytes = scratch;
    b.rows = 1;
    b.cols = scratch;
    b.dtype = DType::kI8;
    b.defined_by = kAscendScratchDefiner;
    b.loc = sourceLoc(kernel.getLoc());
    b.live_begin = 0;
    b.live_end = numbering.order.empty() ? 0 : static_cast<int>(numbering.order.size()) - 1;
    plan.buffers.push_back(b);
  }

  std::map<MemorySpace, std::vector<int>> bySpace;
  for (const Buffer &b : plan.buffers) bySpace[b.space].push_back(b.id);
  for (const auto &[space, ids] : bySpace) {
    const oracle::SpaceSpec *spec = device.space(space);
    if (!spec) {
      result.diagnostics.push_back(located(kernel.getLoc(), device.name + " has no " + memorySpaceName(space) +
                                                                " buffer in kiln's device table"));
      continue;
    }
    if (initBufferOrder) {
      placeInInitBufferOrder(plan, device, space, ids, copies, result.diagnostics);
      continue;
    }
    std::vector<Interval> intervals;
    for (int id : ids) intervals.push_back({plan.buffers[id].live_begin, plan.buffers[id].live_end, plan.buffers[id].bytes});
    Placement placement = placeIntervals(intervals, std::max<int64_t>(spec->alignment, 32));
    for (size_t i = 0; i < ids.size(); ++i) plan.buffers[ids[i]].offset = placement.offsets[i];
    if (placement.high_water > spec->capacity)
      result.diagnostics.push_back(overflow(plan, device, space, intervals, ids, numbering, placement.high_water));
  }
  if (config.faulty_overlap) overlapFirstLivePair(plan);
  recordOps(numbering, result.buffer_of, staging, plan);
  return result;
}

}  // namespace kiln::plan
