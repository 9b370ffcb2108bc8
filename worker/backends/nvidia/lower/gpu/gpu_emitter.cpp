#include "worker/backends/nvidia/lower/gpu/gpu_emitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/ir/tile_ops.h"

namespace kiln::lower {

GpuEmitter::GpuEmitter(mlir::OpBuilder &builder, const plan::PlanResult &plan)
    : b(builder), loc(builder.getUnknownLoc()), plan_(plan) {}

void GpuEmitter::begin(mlir::Value sharedBase, mlir::Value threadId) {
  sharedBase_ = sharedBase;
  threadId_ = threadId;
  views_.clear();
}

mlir::Value GpuEmitter::index(int64_t value) {
  return b.create<mlir::arith::ConstantIndexOp>(loc, value);
}
mlir::Value GpuEmitter::f32(double value) {
  return b.create<mlir::arith::ConstantOp>(loc, b.getF32FloatAttr(static_cast<float>(value)));
}
mlir::Value GpuEmitter::i32(int64_t value) {
  return b.create<mlir::arith::ConstantOp>(loc, b.getI32IntegerAttr(static_cast<int32_t>(value)));
}

mlir::Type GpuEmitter::storageType(mlir::Type element) {
  if (element.isBF16()) return mlir::IntegerType::get(element.getContext(), 16);
  return element;
}

mlir::Type GpuEmitter::computeType(mlir::Type element) {
  if (element.isa<mlir::FloatType>()) return mlir::Float32Type::get(element.getContext());
  return element;
}

int GpuEmitter::bufferOf(mlir::Value tile) const { return plan_.buffer_of.lookup(tile); }

mlir::Value GpuEmitter::view(int buffer) {
  if (auto it = views_.find(buffer); it != views_.end()) return it->second;
  const plan::Buffer &info = plan_.plan.buffers[buffer];
  mlir::Type element;
  switch (info.dtype) {
    case plan::DType::kF32: element = b.getF32Type(); break;
    case plan::DType::kF16: element = b.getF16Type(); break;
    case plan::DType::kBF16: element = b.getIntegerType(16); break;
    case plan::DType::kI32: element = b.getI32Type(); break;
    case plan::DType::kI16: element = b.getIntegerType(16); break;
    case plan::DType::kI8: element = b.getIntegerType(8); break;
  }
  auto type = mlir::MemRefType::get({info.rows * info.cols}, element, mlir::MemRefLayoutAttrInterface{},
                                    b.getI64IntegerAttr(3));
  // Views are made at the top of the kernel so every nested loop can use them.
  mlir::OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointAfterValue(sharedBase_);
  mlir::Value offset = b.create<mlir::arith::ConstantIndexOp>(sharedBase_.getLoc(), info.offset);
  mlir::Value result =
      b.create<mlir::memref::ViewOp>(sharedBase_.getLoc(), type, sharedBase_, offset, mlir::ValueRange{});
  views_[buffer] = result;
  return result;
}

mlir::Value GpuEmitter::toCompute(mlir::Value raw, mlir::Type element) {
  if (element.isF16()) return b.create<mlir::arith::ExtFOp>(loc, b.getF32Type(), raw);
  if (element.isBF16()) {
    // bf16 is the high half of an f32.
    mlir::Value wide = b.create<mlir::arith::ExtUIOp>(loc, b.getI32Type(), raw);
    mlir::Value shifted = b.create<mlir::arith::ShLIOp>(loc, wide, i32(16));
    return b.create<mlir::arith::BitcastOp>(loc, b.getF32Type(), shifted);
  }
  return raw;
}

mlir::Value GpuEmitter::fromCompute(mlir::Value value, mlir::Type element) {
  if (element.isF16()) return b.create<mlir::arith::TruncFOp>(loc, b.getF16Type(), value);
  if (element.isBF16()) {
    // Round to nearest even on the bits; NaNs stay (quiet) NaNs.
    mlir::Value bits = b.create<mlir::arith::BitcastOp>(loc, b.getI32Type(), value);
    mlir::Value high = b.create<mlir::arith::ShRUIOp>(loc, bits, i32(16));
    mlir::Value lsb = b.create<mlir::arith::AndIOp>(loc, high, i32(1));
    mlir::Value bias = b.create<mlir::arith::AddIOp>(loc, lsb, i32(0x7FFF));
    mlir::Value rounded = b.create<mlir::arith::AddIOp>(loc, bits, bias);
    mlir::Value roundedHigh = b.create<mlir::arith::ShRUIOp>(loc, rounded, i32(16));
    mlir::Value quietNan = b.create<mlir::arith::OrIOp>(loc, high, i32(0x40));
    mlir::Value isNan =
        b.create<mlir::arith::CmpFOp>(loc, mlir::arith::CmpFPredicate::UNO, value, value);
    mlir::Value chosen = b.create<mlir::arith::SelectOp>(loc, isNan, quietNan, roundedHigh);
    return b.create<mlir::arith::TruncIOp>(loc, b.getIntegerType(16), chosen);
  }
  return value;
}

mlir::Value GpuEmitter::loadElement(mlir::Value tile, mlir::Value e) {
  mlir::Type element = tile.getType().cast<tile::TileType>().getElementType();
  mlir::Value raw = b.create<mlir::memref::LoadOp>(loc, view(bufferOf(tile)), e);
  return toCompute(raw, element);
}

void GpuEmitter::storeElement(mlir::Value resultTile, mlir::Value e, mlir::Value value) {
  mlir::Type element = resultTile.getType().cast<tile::TileType>().getElementType();
  b.create<mlir::memref::StoreOp>(loc, fromCompute(value, element), view(bufferOf(resultTile)), e);
}

void GpuEmitter::forEachElement(int64_t count, llvm::function_ref<void(mlir::Value)> body) {
  mlir::Value step = index(plan_.plan.block_threads);
  auto loop = b.create<mlir::scf::ForOp>(loc, threadId_, index(count), step);
  mlir::OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  body(loop.getInductionVar());
}

mlir::Value GpuEmitter::accumulate(int64_t from, int64_t to, mlir::Value init,
                                   llvm::function_ref<mlir::Value(mlir::Value, mlir::Value)> body) {
  if (from >= to) return init;
  auto loop = b.create<mlir::scf::ForOp>(loc, index(from), index(to), index(1), mlir::ValueRange{init});
  {
    mlir::OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    mlir::Value next = body(loop.getInductionVar(), loop.getRegionIterArgs()[0]);
    b.create<mlir::scf::YieldOp>(loc, next);
  }
  return loop.getResult(0);
}

void GpuEmitter::forRange(int64_t from, int64_t to, llvm::function_ref<void(mlir::Value)> body) {
  auto loop = b.create<mlir::scf::ForOp>(loc, index(from), index(to), index(1));
  mlir::OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  body(loop.getInductionVar());
}

void GpuEmitter::barrier() { b.create<mlir::gpu::BarrierOp>(loc); }

void GpuEmitter::copyTile(mlir::Value source, int destBuffer) {
  auto type = source.getType().cast<tile::TileType>();
  mlir::Value from = view(bufferOf(source));
  mlir::Value to = view(destBuffer);
  forEachElement(type.getNumElements(), [&](mlir::Value e) {
    mlir::Value raw = b.create<mlir::memref::LoadOp>(loc, from, e);
    b.create<mlir::memref::StoreOp>(loc, raw, to, e);
  });
}

namespace {

// Two buffers a run touches may share a thread's element only if they are
// the same bytes element for element (the planner's in-place reuse of a
// tile that dies at this op); any other overlap would let one thread write
// bytes another thread has yet to read, which the barrier between ops
// prevented.
bool separateOrSame(const plan::Buffer &a, const plan::Buffer &b) {
  if (a.offset == b.offset && plan::dtypeBytes(a.dtype) == plan::dtypeBytes(b.dtype)) return true;
  return a.offset + a.bytes <= b.offset || b.offset + b.bytes <= a.offset;
}

}  // namespace

bool GpuEmitter::canJoinRun(const PointwiseRun &run, mlir::Operation *next) const {
  if (!isPointwiseOp(next)) return false;
  auto shape = run.ops.front()->getResult(0).getType().cast<tile::TileType>();
  auto nextShape = next->getResult(0).getType().cast<tile::TileType>();
  if (shape.getRows() != nextShape.getRows() || shape.getCols() != nextShape.getCols()) return false;
  llvm::SmallVector<int, 4> added = run.buffers;
  auto touch = [&](mlir::Value tile) {
    int id = bufferOf(tile);
    if (llvm::is_contained(added, id)) return true;
    const auto &buffers = plan_.plan.buffers;
    for (int other : added)
      if (!separateOrSame(buffers[id], buffers[other])) return false;
    added.push_back(id);
    return true;
  };
  for (mlir::Value operand : next->getOperands())
    if (operand.getType().isa<tile::TileType>() && !touch(operand)) return false;
  // A run's checks cost the buffers it touches; bounding them keeps
  // forming runs linear in the kernel's length.
  return touch(next->getResult(0)) && added.size() <= PointwiseRun::kMaxBuffers;
}

void GpuEmitter::PointwiseRun::add(const GpuEmitter &g, mlir::Operation *op) {
  ops.push_back(op);
  auto note = [&](mlir::Value tile) {
    int id = g.bufferOf(tile);
    if (!llvm::is_contained(buffers, id)) buffers.push_back(id);
  };
  for (mlir::Value operand : op->getOperands())
    if (operand.getType().isa<tile::TileType>()) note(operand);
  note(op->getResult(0));
}

mlir::LogicalResult GpuEmitter::emitBlock(mlir::Block &block) {
  llvm::SmallVector<mlir::Operation *> ops;
  for (mlir::Operation &op : block.without_terminator()) ops.push_back(&op);
  for (size_t i = 0; i < ops.size();) {
    PointwiseRun run;
    if (isPointwiseOp(ops[i])) {
      run.add(*this, ops[i]);
      while (i + run.ops.size() < ops.size() && canJoinRun(run, ops[i + run.ops.size()]))
        run.add(*this, ops[i + run.ops.size()]);
    }
    if (run.ops.size() < 2) {
      if (mlir::failed(emitOp(ops[i]))) return mlir::failure();
      ++i;
      continue;
    }
    if (mlir::failed(emitPointwiseRun(*this, run.ops))) return mlir::failure();
    barrier();
    i += run.ops.size();
  }
  return mlir::success();
}

mlir::LogicalResult GpuEmitter::emitOp(mlir::Operation *op) {
  loc = mlir::NameLoc::get(b.getStringAttr(op->getName().getStringRef()), op->getLoc());
  if (!llvm::isa<tile::TileDialect>(op->getDialect())) return emitControlOp(*this, op);
  mlir::LogicalResult result = mlir::failure();
  if (llvm::isa<tile::ProgramIdOp, tile::LoadOp, tile::StoreOp, tile::ConstantOp>(op))
    result = emitMemoryOp(*this, op);
  else if (llvm::isa<tile::ReduceSumOp, tile::ReduceMaxOp, tile::SoftmaxOp>(op))
    result = emitReductionOp(*this, op);
  else if (llvm::isa<tile::MatmulOp>(op))
    result = emitMatmulOp(*this, op);
  else
    result = emitElementwiseOp(*this, op);
  // Every tile op but program_id touches shared memory that the next op may
  // reuse, so all threads meet before it starts.
  if (mlir::succeeded(result) && !llvm::isa<tile::ProgramIdOp>(op)) barrier();
  return result;
}

}  // namespace kiln::lower
