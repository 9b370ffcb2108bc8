// Which plan buffer becomes which AscendC buffer, and the queue protocol
// around it. A tile loaded from GM for vector work is a VECIN queue buffer
// (AllocTensor, DataCopy, EnQue at the load; DeQue before its first reader;
// FreeTensor after its last), a tile computed once and stored once from the
// block that made it is a VECOUT queue buffer (AllocTensor before it is
// computed; EnQue, DeQue, DataCopy at the store), and every other tile is a
// TBuf<VECCALC>, whose GM copies the emitter synchronises by hand.
//
// Placement: AscendC's InitBuffer bumps a pointer per memory in call order,
// so the emitter calls it in plan-buffer order with the plan's sizes and
// copies, and the plan (made with AscendPlacement::kInitBufferOrder, which
// places exactly so) gives every buffer's offset: what the oracle checked
// is where the code's tensors are. The alternative, padding gaps to land on
// a liveness plan's overlapping offsets, cannot be written with InitBuffer,
// whose regions never overlap.
#include <algorithm>
#include <cassert>
#include <map>

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/backends/ascend/lower/ascendc/ascendc_types.h"
#include "worker/backends/ascend/lower/ascendc/kernel_emitter.h"
#include "worker/ir/tile_ops.h"
#include "worker/plan/ascend_planner.h"

namespace kiln::ascend::lower {
namespace {

constexpr int kMaxQueuesPerPosition = 8;  // one event id each

int64_t roundUp(int64_t v, int64_t to) { return (v + to - 1) / to * to; }

bool isRegionValue(mlir::Value v) {
  return v.isa<mlir::BlockArgument>() || v.getDefiningOp()->getNumRegions() > 0;
}

}  // namespace

mlir::LogicalResult KernelEmitter::assignBuffers() {
  const plan::KernelPlan &plan = kernel_.plan->plan;
  std::vector<std::vector<mlir::Value>> members(plan.buffers.size());
  for (auto &[value, id] : kernel_.plan->buffer_of) members[id].push_back(value);
  auto position = [&](mlir::Value v) {
    return v.isa<mlir::BlockArgument>() ? numbering_.begin.lookup(v.getParentBlock()->getParentOp())
                                        : numbering_.begin.lookup(v.getDefiningOp());
  };
  int inQueues = 0, outQueues = 0;
  buffers_.resize(plan.buffers.size());
  for (const plan::Buffer &b : plan.buffers) {
    TileBuffer &t = buffers_[b.id];
    t.id = b.id;
    t.var = "b" + std::to_string(b.id);
    std::vector<mlir::Value> &vs = members[b.id];
    std::sort(vs.begin(), vs.end(), [&](mlir::Value a, mlir::Value c) { return position(a) < position(c); });
    if (b.space != plan::MemorySpace::kUB || cube_kernel_) {
      if (mlir::failed(assignCubeBuffer(t, vs))) return mlir::failure();
      continue;
    }
    if (b.defined_by == plan::kAscendScratchDefiner) {
      scratch_buffer_ = b.id;
      t.holder = "scratchBuf";
      continue;
    }
    if (vs.empty()) {  // a tile no vector op reads (a cube kernel's zero accumulator)
      t.holder = "calcBuf" + std::to_string(b.id);
      t.cxx_type = "float";
      continue;
    }
    mlir::Value first = vs.front();
    t.cxx_type = cxxElementType(first.getType().cast<tile::TileType>().getElementType());
    t.home = first.getParentBlock();
    for (mlir::Value v : vs)
      if (auto load = llvm::dyn_cast_or_null<tile::LoadOp>(v.getDefiningOp()); load && b.defined_by == "tile.load")
        t.copies = plan::ascendBufferCopies(v);
    // The op of `home` in which the buffer's last reader sits.
    for (mlir::Operation &op : *t.home)
      if (numbering_.begin.lookup(&op) <= b.live_end && b.live_end <= numbering_.end.lookup(&op)) t.free_after = &op;
    bool plain = std::none_of(vs.begin(), vs.end(), isRegionValue);
    auto firstLoad = llvm::dyn_cast_or_null<tile::LoadOp>(first.getDefiningOp());
    if (plain && firstLoad && t.free_after && inQueues < kMaxQueuesPerPosition) {
      t.role = BufferRole::kVecIn;
      t.holder = "inQueue" + std::to_string(b.id);
      t.alloc_before = firstLoad;
      int best = -1;
      for (mlir::OpOperand &use : first.getUses())
        if (mlir::Operation *at = t.home->findAncestorOpInBlock(*use.getOwner()))
          if (best < 0 || numbering_.begin.lookup(at) < best) {
            best = numbering_.begin.lookup(at);
            t.dequeue_before = at;
          }
      t.planted = options_.planted_bug != PlantedBug::kNone && inQueues == 0;
      ++inQueues;
      continue;
    }
    // One store, in the block that computes the tile, after every write.
    std::vector<mlir::Operation *> stores;
    for (mlir::Value v : vs)
      for (mlir::OpOperand &use : v.getUses())
        if (llvm::isa<tile::StoreOp>(use.getOwner())) stores.push_back(use.getOwner());
    int lastWrite = position(vs.back());
    if (plain && !firstLoad && stores.size() == 1 && stores[0]->getBlock() == t.home &&
        numbering_.begin.lookup(stores[0]) > lastWrite && t.free_after && outQueues < kMaxQueuesPerPosition) {
      t.role = BufferRole::kVecOut;
      t.holder = "outQueue" + std::to_string(b.id);
      t.alloc_before = first.getDefiningOp();
      ++outQueues;
      continue;
    }
    t.holder = "calcBuf" + std::to_string(b.id);
    t.home = nullptr;
    t.free_after = nullptr;
  }
  return mlir::success();
}

void KernelEmitter::emitBufferMembers() {
  member_lines_.insert(member_lines_.begin(), "TPipe pipe;");
  for (const TileBuffer &t : buffers_) {
    if (t.role == BufferRole::kVecIn)
      member_lines_.push_back("TQue<QuePosition::VECIN, 1> " + t.holder + ";");
    else if (t.role == BufferRole::kVecOut)
      member_lines_.push_back("TQue<QuePosition::VECOUT, 1> " + t.holder + ";");
    else
      member_lines_.push_back("TBuf<TPosition::" + t.position + "> " + t.holder + ";");
  }
}

void KernelEmitter::emitInitBuffers() {
  const plan::KernelPlan &plan = kernel_.plan->plan;
  std::map<plan::MemorySpace, int64_t> next;  // InitBuffer's bump pointer per memory
  bool first = true;
  for (const TileBuffer &t : buffers_) {
    const plan::Buffer &b = plan.buffers[t.id];
    const oracle::SpaceSpec *spec = target_.device.space(b.space);
    int64_t align = std::max<int64_t>(spec ? spec->alignment : 32, 32);
    int64_t len = roundUp(b.bytes, align);
    // The plan must be the InitBuffer-order one, or the tensors would not
    // be where the oracle checked them: refuse rather than emit that.
    if (b.offset != next[b.space]) {
      mlir::func::FuncOp func = kernel_.func;
      mlir::emitError(func.getLoc()) << "[ascend.plan-mismatch] buffer " << b.id << " of kernel @" << plan.kernel
                                     << " is planned at " << b.offset << " but InitBuffer places it at "
                                     << next[b.space] << ": plan with AscendPlacement::kInitBufferOrder";
      failed_ = true;
      return;
    }
    std::string where = "  // " + std::string(plan::memorySpaceName(b.space)) + " [" + std::to_string(next[b.space]) +
                        ", " + std::to_string(next[b.space] + len * t.copies) + "): " +
                        (b.name.empty() ? "" : b.name + " ") + "from " + b.defined_by;
    next[b.space] += len * t.copies;
    if (first && t.role == BufferRole::kVecIn && options_.planted_bug == PlantedBug::kOverCapacity) {
      len += target_.device.space(plan::MemorySpace::kUB)->capacity;
      where += " (planted: longer than the UB)";
    }
    if (t.role == BufferRole::kVecIn) first = false;
    if (t.role == BufferRole::kVecIn || t.role == BufferRole::kVecOut)
      init_lines_.push_back("pipe.InitBuffer(" + t.holder + ", " + std::to_string(t.copies) + ", " +
                            std::to_string(len) + ");" + where);
    else
      init_lines_.push_back("pipe.InitBuffer(" + t.holder + ", " + std::to_string(len * t.copies) + ");" + where);
  }
}

void KernelEmitter::emitBufferGets() {
  for (const TileBuffer &t : buffers_)
    if ((t.role == BufferRole::kVecCalc || t.role == BufferRole::kCube) && t.id != scratch_buffer_)
      line("LocalTensor<" + t.cxx_type + "> " + t.var + " = " + t.holder + ".Get<" + t.cxx_type + ">();");
}

void KernelEmitter::beforeOp(mlir::Operation *op) {
  for (TileBuffer &t : buffers_) {
    if (t.role == BufferRole::kVecOut && t.alloc_before == op)
      line("LocalTensor<" + t.cxx_type + "> " + t.var + " = " + t.holder + ".AllocTensor<" + t.cxx_type + ">();");
    if (t.role == BufferRole::kVecIn && t.dequeue_before == op) {
      line(t.var + " = " + t.holder + ".DeQue<" + t.cxx_type + ">();");
      if (t.planted && options_.planted_bug == PlantedBug::kUseAfterFree)
        line(t.holder + ".FreeTensor(" + t.var + ");  // planted: freed before its readers");
    }
  }
}

void KernelEmitter::afterOp(mlir::Operation *op) {
  for (TileBuffer &t : buffers_) {
    if ((t.role != BufferRole::kVecIn && t.role != BufferRole::kVecOut) || t.free_after != op) continue;
    if (t.planted && options_.planted_bug == PlantedBug::kUseAfterFree) continue;  // freed already
    line(t.holder + ".FreeTensor(" + t.var + ");");
  }
}

TileBuffer *KernelEmitter::bufferOf(mlir::Value value) {
  auto it = kernel_.plan->buffer_of.find(value);
  return it == kernel_.plan->buffer_of.end() ? nullptr : &buffers_[it->second];
}

std::string KernelEmitter::tensor(mlir::Value value) {
  TileBuffer *t = bufferOf(value);
  std::string type = cxxElementType(value.getType().cast<tile::TileType>().getElementType());
  return type == t->cxx_type ? t->var : t->var + ".ReinterpretCast<" + type + ">()";
}

void KernelEmitter::copyTile(mlir::Value to, mlir::Value from) {
  if (bufferOf(to) == bufferOf(from)) return;
  if (cube_kernel_) return cubeCopy(to, from);
  auto type = to.getType().cast<tile::TileType>();
  std::string cxx = cxxElementType(type.getElementType());
  // Muls by one copies on the vector pipe (bit-exact, -0.0 and NaN kept),
  // so the copy needs no MTE synchronisation.
  std::string one = type.getElementType().isSignlessInteger(32) ? "1" : floatLiteral(1.0, cxx);
  line("Muls(" + tensor(to) + ", " + tensor(from) + ", " + one + ", " + std::to_string(type.getNumElements()) +
       ");  // the tile moves into its loop or branch result buffer");
  vectorBarrier();
}

}  // namespace kiln::ascend::lower
