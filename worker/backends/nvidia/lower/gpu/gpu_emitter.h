// The state and helpers shared by the per-op emitters of lower_to_gpu.
#pragma once

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "worker/ir/tile_type.h"
#include "worker/plan/planner.h"

namespace kiln::lower {

class GpuEmitter {
 public:
  GpuEmitter(mlir::OpBuilder &builder, const plan::PlanResult &plan);

  /// Sets the shared-memory base and the thread index; call once per kernel.
  void begin(mlir::Value sharedBase, mlir::Value threadId);

  /// Emits every op of `block` except its terminator.
  mlir::LogicalResult emitBlock(mlir::Block &block);
  mlir::LogicalResult emitOp(mlir::Operation *op);

  /// Consecutive pointwise ops of one shape to emit in one element loop,
  /// and the distinct buffers they read and write.
  struct PointwiseRun {
    static constexpr size_t kMaxBuffers = 32;
    llvm::SmallVector<mlir::Operation *> ops;
    llvm::SmallVector<int, 4> buffers;
    void add(const GpuEmitter &g, mlir::Operation *op);
  };
  /// Whether `next` may join `run` with no barrier between them: each
  /// buffer it touches is disjoint from, or the same bytes element for
  /// element as, every buffer the run touches.
  bool canJoinRun(const PointwiseRun &run, mlir::Operation *next) const;

  // --- values -------------------------------------------------------------
  mlir::OpBuilder &b;
  mlir::Location loc;   // of the tile op being emitted
  mlir::IRMapping map;  // scalar values of the kernel -> lowered values
  mlir::Value index(int64_t value);
  mlir::Value f32(double value);
  mlir::Value i32(int64_t value);
  mlir::Value mapped(mlir::Value scalar) { return map.lookup(scalar); }

  // --- tiles --------------------------------------------------------------
  static mlir::Type storageType(mlir::Type element);  // bf16 is kept as i16 bits
  static mlir::Type computeType(mlir::Type element);  // f32 for floats, i32
  int bufferOf(mlir::Value tile) const;
  /// memref<(R*C) x storage, 3> over the tile's planned buffer.
  mlir::Value view(int buffer);
  mlir::Value loadElement(mlir::Value tile, mlir::Value e);  // compute type
  void storeElement(mlir::Value resultTile, mlir::Value e, mlir::Value value);
  mlir::Value toCompute(mlir::Value raw, mlir::Type element);
  mlir::Value fromCompute(mlir::Value value, mlir::Type element);

  // --- parallel structure -------------------------------------------------
  /// for (e = tid; e < count; e += T) body(e)
  void forEachElement(int64_t count, llvm::function_ref<void(mlir::Value)> body);
  /// acc = init; for (i = from; i < to; ++i) acc = body(i, acc); returns acc
  mlir::Value accumulate(int64_t from, int64_t to, mlir::Value init,
                         llvm::function_ref<mlir::Value(mlir::Value, mlir::Value)> body);
  /// for (i = from; i < to; ++i) body(i), run by each thread on its own
  void forRange(int64_t from, int64_t to, llvm::function_ref<void(mlir::Value)> body);
  void barrier();
  /// Raw element copy of one tile's buffer into another buffer.
  void copyTile(mlir::Value source, int destBuffer);

 private:
  const plan::PlanResult &plan_;
  mlir::Value sharedBase_;
  mlir::Value threadId_;
  llvm::DenseMap<int, mlir::Value> views_;
};

// Per-op emitters, one file each; each returns failure() after emitting a
// diagnostic at the op.
mlir::LogicalResult emitMemoryOp(GpuEmitter &emitter, mlir::Operation *op);
mlir::LogicalResult emitElementwiseOp(GpuEmitter &emitter, mlir::Operation *op);
mlir::LogicalResult emitReductionOp(GpuEmitter &emitter, mlir::Operation *op);
mlir::LogicalResult emitMatmulOp(GpuEmitter &emitter, mlir::Operation *op);
mlir::LogicalResult emitControlOp(GpuEmitter &emitter, mlir::Operation *op);

/// Ops that compute each result element from the same element of their
/// operands only (elementwise, scale, cast; not broadcast).
bool isPointwiseOp(mlir::Operation *op);
/// Consecutive pointwise ops of one shape in one element loop: each thread
/// runs the whole run on its elements, in op order.
mlir::LogicalResult emitPointwiseRun(GpuEmitter &emitter, llvm::ArrayRef<mlir::Operation *> run);

}  // namespace kiln::lower
