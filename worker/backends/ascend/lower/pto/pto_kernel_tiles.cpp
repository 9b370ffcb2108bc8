// Plan buffers as alloc_tile: one tile per buffer and element type (an
// in-place cast between types of one width is two tiles at one address, as
// the oracle's in-place rule expects), formats from pto_tile_format.h, the
// plan's own offsets at level 3, and scratch above the plan.
#include <algorithm>

#include "mlir/IR/BuiltinTypes.h"
#include "worker/backends/ascend/lower/pto/pto_kernel_emitter.h"
#include "worker/ir/tile_type.h"
#include "worker/plan/offset_allocator.h"

namespace kiln::ascend::lower::pto {
namespace {

std::string shapeText(int64_t rows, int64_t cols, const std::string &dtype) {
  return std::to_string(rows) + "x" + std::to_string(cols) + "x" + dtype;
}

int64_t alignUp(int64_t value, int64_t alignment) {
  return alignment <= 1 ? value : (value + alignment - 1) / alignment * alignment;
}

}  // namespace

std::string ptoDType(mlir::Type element) {
  if (element.isF16()) return "f16";
  if (element.isBF16()) return "bf16";
  if (element.isF32()) return "f32";
  if (auto integer = element.dyn_cast<mlir::IntegerType>()) return "i" + std::to_string(integer.getWidth());
  return "f32";
}

int64_t elementBytes(mlir::Type element) { return std::max<int64_t>(1, element.getIntOrFloatBitWidth() / 8); }

int KernelEmitter::bufferOf(mlir::Value value) const {
  auto it = kernel_.plan->buffer_of.find(value);
  return it == kernel_.plan->buffer_of.end() ? -1 : it->second;
}

std::optional<std::string> KernelEmitter::bufferTile(int buffer, mlir::Type element, mlir::Operation *at) {
  std::string dtype = ptoDType(element);
  if (auto it = buffer_tiles_.find({buffer, dtype}); it != buffer_tiles_.end()) return it->second;
  const plan::Buffer &b = planBuffer(buffer);
  std::string what = (b.defined_by.empty() ? std::string("a") : b.defined_by + "'s") + " " +
                     shapeText(b.rows, b.cols, dtype) + " tile";
  TileFormatResult format =
      tileFormat(b.space, dtype, elementBytes(element), b.rows, b.cols, target_.pto_arch, target_.device.tile_rules, what);
  if (!format.format) {
    mlir::emitError(at->getLoc()) << format.problem << " on " << target_.name;
    failed_ = true;
    return std::nullopt;
  }
  std::string name = "%t" + std::to_string(buffer);
  // A second element type over the same buffer gets its own name.
  if (std::any_of(buffer_tiles_.begin(), buffer_tiles_.end(), [&](const auto &e) { return e.first.first == buffer; }))
    name += "_" + dtype;
  buffer_tiles_[{buffer, dtype}] = name;
  alloc_index_[name] = allocs_.size();
  allocs_.push_back({name, *format.format, format.format->typeText(), buffer, 0, at->getLoc(), what});
  return name;
}

std::optional<std::string> KernelEmitter::valueTile(mlir::Value value, mlir::Operation *at) {
  int buffer = bufferOf(value);
  auto type = value.getType().dyn_cast<tile::TileType>();
  if (buffer < 0 || !type) {
    (void)unsupported(at, "kiln's plan has no buffer for this tile value");
    return std::nullopt;
  }
  return bufferTile(buffer, type.getElementType(), at);
}

std::optional<std::string> KernelEmitter::operandTile(mlir::Operation *op, unsigned index) {
  mlir::Value value = op->getOperand(index);
  int own = bufferOf(value);
  auto planned = planned_.find(op);
  if (own < 0 || planned == planned_.end()) return valueTile(value, op);
  // The plan lists the buffers an op reads in operand order, for the
  // operands that have one; a staged operand is read from its copy.
  unsigned slot = 0;
  for (unsigned i = 0; i < index; ++i)
    if (bufferOf(op->getOperand(i)) >= 0) ++slot;
  const std::vector<int> &reads = planned->second->operands;
  int read = slot < reads.size() ? reads[slot] : own;
  if (read == own) return valueTile(value, op);
  auto move = move_into_.find(read);
  if (move == move_into_.end()) {
    (void)unsupported(op, "kiln's plan reads this operand from buffer " + std::to_string(read) + " with no move into it");
    return std::nullopt;
  }
  std::optional<std::string> from = valueTile(value, op);
  std::optional<std::string> to = bufferTile(read, value.getType().cast<tile::TileType>().getElementType(), op);
  if (!from || !to || mlir::failed(emitMove(op, *move->second, *from, *to))) return std::nullopt;
  return to;
}

std::optional<std::string> KernelEmitter::scratchTile(mlir::Operation *op, int64_t rows, int64_t cols,
                                                      mlir::Type element, const std::string &what) {
  std::string dtype = ptoDType(element);
  TileFormatResult format = tileFormat(plan::MemorySpace::kUB, dtype, elementBytes(element), rows, cols,
                                       target_.pto_arch, target_.device.tile_rules, what);
  if (!format.format) {
    mlir::emitError(op->getLoc()) << format.problem << " on " << target_.name;
    failed_ = true;
    return std::nullopt;
  }
  const oracle::SpaceSpec *ub = target_.device.space(plan::MemorySpace::kUB);
  int64_t &used = scratch_used_[op];
  int64_t rel = alignUp(used, ub ? std::max<int64_t>(ub->alignment, 32) : 32);
  used = rel + format.format->bytes();
  std::string name = writer_.fresh("s");
  alloc_index_[name] = allocs_.size();
  allocs_.push_back({name, *format.format, format.format->typeText(), -1, rel, op->getLoc(), what});
  return name;
}

const std::string &KernelEmitter::typeOf(const std::string &tile) const {
  static const std::string none;
  auto it = alloc_index_.find(tile);
  return it == alloc_index_.end() ? none : allocs_[it->second].type;
}

// Scratch starts where the plan's UB tiles end (padding included).
int64_t KernelEmitter::scratchBase() const {
  const std::vector<plan::Buffer> &buffers = kernel_.plan->plan.buffers;
  int64_t base = 0;
  for (const plan::Buffer &b : buffers)
    if (b.space == plan::MemorySpace::kUB && b.offset >= 0) base = std::max(base, b.offset + b.bytes);
  for (const TileAlloc &a : allocs_)
    if (a.buffer >= 0 && buffers[a.buffer].space == plan::MemorySpace::kUB)
      base = std::max(base, buffers[a.buffer].offset + a.format.bytes());
  const oracle::SpaceSpec *ub = target_.device.space(plan::MemorySpace::kUB);
  return alignUp(base, ub ? std::max<int64_t>(ub->alignment, 32) : 32);
}

// What level 3 adds to the plan must not break it: a padded tile's extra
// bytes must be free while it lives, and scratch must fit above the plan.
mlir::LogicalResult KernelEmitter::checkPlacement() {
  return options_.level == 3 ? checkPlannedPlacement() : checkUnplannedFit();
}

// Level 2: ptoas places the tiles, but what is live at once, padding and
// scratch included, must still fit each space (the oracle's capacity rule
// for unplaced tiles). The plan's live ranges bound the emitted ones.
mlir::LogicalResult KernelEmitter::checkUnplannedFit() {
  const std::vector<plan::Buffer> &buffers = kernel_.plan->plan.buffers;
  std::map<int, int64_t> extent;
  for (const TileAlloc &a : allocs_)
    if (a.buffer >= 0) extent[a.buffer] = std::max({extent[a.buffer], a.format.bytes(), buffers[a.buffer].bytes});
  std::map<plan::MemorySpace, std::vector<plan::Interval>> bySpace;
  for (const auto &[id, bytes] : extent)
    bySpace[buffers[id].space].push_back({buffers[id].live_begin, buffers[id].live_end, bytes});
  for (const auto &[op, used] : scratch_used_) {
    int at = numbering_.begin.lookup(op);
    bySpace[plan::MemorySpace::kUB].push_back({at, at, used});
  }
  bool ok = true;
  mlir::func::FuncOp func = kernel_.func;
  for (const auto &[space, intervals] : bySpace) {
    const oracle::SpaceSpec *spec = target_.device.space(space);
    plan::Peak peak = plan::peakLiveBytes(intervals);
    if (!spec || peak.bytes <= spec->capacity) continue;
    mlir::Operation *at = peak.position >= 0 && peak.position < static_cast<int>(numbering_.order.size())
                              ? numbering_.order[peak.position]
                              : func.getOperation();
    bool scratch = scratch_used_.count(at) > 0;
    mlir::emitError(at->getLoc()) << (scratch ? "[pto.scratch] " : "[pto.tile-shape] ") << "at this "
                                  << at->getName().getStringRef() << " " << peak.bytes << " B of "
                                  << plan::memorySpaceName(space) << " tiles are live with PTO's "
                                  << (scratch ? "scratch" : "padding") << ", but " << target_.name << " has "
                                  << spec->capacity << " B";
    ok = false;
  }
  return mlir::success(ok);
}

mlir::LogicalResult KernelEmitter::checkPlannedPlacement() {
  const std::vector<plan::Buffer> &buffers = kernel_.plan->plan.buffers;
  std::map<int, int64_t> extent;  // buffer -> bytes its tiles cover
  for (const TileAlloc &a : allocs_)
    if (a.buffer >= 0) extent[a.buffer] = std::max({extent[a.buffer], a.format.bytes(), buffers[a.buffer].bytes});
  bool ok = true;
  for (const TileAlloc &a : allocs_) {
    if (a.buffer < 0 || a.format.bytes() <= buffers[a.buffer].bytes) continue;
    const plan::Buffer &b = buffers[a.buffer];
    int64_t padFrom = b.offset + b.bytes, padTo = b.offset + a.format.bytes();
    if (const oracle::SpaceSpec *spec = target_.device.space(b.space); spec && padTo > spec->capacity) {
      mlir::emitError(a.loc) << "[pto.tile-shape] " << a.what << " needs a " << a.format.rows << "x" << a.format.cols
                             << " PTO tile (" << a.format.bytes() << " B) at " << plan::memorySpaceName(b.space)
                             << " offset " << b.offset << ", past the " << spec->capacity << " B of " << target_.name;
      ok = false;
      continue;
    }
    for (const auto &[id, bytes] : extent) {
      const plan::Buffer &o = buffers[id];
      if (id == a.buffer || o.space != b.space || o.live_end < b.live_begin || b.live_end < o.live_begin) continue;
      if (o.offset >= padTo || o.offset + bytes <= padFrom) continue;
      // Where the plan's own bytes already overlap, the plan is wrong, and
      // that is the oracle's finding to report from the emitted text.
      if (o.offset < padFrom && o.offset + bytes > b.offset) continue;
      mlir::InFlightDiagnostic d = mlir::emitError(a.loc)
          << "[pto.tile-shape] " << a.what << " needs a " << a.format.rows << "x" << a.format.cols
          << " PTO tile (" << a.format.bytes() << " B: whole 32-byte rows and 512-byte fractals), but kiln's plan gives it "
          << b.bytes << " B at " << plan::memorySpaceName(b.space) << " offset " << b.offset
          << ", and bytes " << padFrom << ".." << padTo - 1 << " hold a tile from " << o.defined_by
          << " live at the same time on " << target_.name << "; level 2 leaves the placement to ptoas";
      d.attachNote(mlir::FileLineColLoc::get(a.loc.getContext(), o.loc.file, o.loc.line, o.loc.column))
          << "that tile (" << o.rows << "x" << o.cols << ", " << o.bytes << " B at offset " << o.offset << ")";
      ok = false;
      break;
    }
  }
  const oracle::SpaceSpec *ub = target_.device.space(plan::MemorySpace::kUB);
  int64_t base = scratchBase();
  for (const auto &[op, used] : scratch_used_) {
    int64_t top = base + used;
    if (ub && top > ub->capacity) {
      mlir::emitError(op->getLoc()) << "[pto.scratch] " << op->getName().getStringRef() << " needs " << used
                                    << " B of ub scratch above kiln's plan (which ends at byte " << base << "), but "
                                    << target_.name << " has " << ub->capacity << " B of ub";
      ok = false;
    }
  }
  return mlir::success(ok);
}

std::string KernelEmitter::allocsText() {
  const std::vector<plan::Buffer> &buffers = kernel_.plan->plan.buffers;
  int64_t base = scratchBase();
  std::string out;
  for (const TileAlloc &a : allocs_) {
    std::string addr;
    if (options_.level == 3)
      addr = " addr = " + writer_.i64Constant(a.buffer >= 0 ? buffers[a.buffer].offset : base + a.scratch_rel);
    out += "    " + a.name + " = pto.alloc_tile" + addr + " : " + a.type + "\n";
  }
  return out;
}

}  // namespace kiln::ascend::lower::pto
