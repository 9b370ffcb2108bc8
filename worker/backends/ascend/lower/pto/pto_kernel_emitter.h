// One kernel's func.func in PTO-MLIR: the emitter's state and its parts.
// Emitter-internal. Each group of Tile IR ops has its own file:
//   pto_kernel_emitter.cpp  the walk, the function around the body, dispatch
//   pto_kernel_tiles.cpp    plan buffers -> alloc_tile (formats, addresses,
//                           scratch, the level-3 checks on padding)
//   pto_emit_memory.cpp     program_id, tensor/partition views, tload/tstore
//   pto_emit_vector.cpp     elementwise, scalar, reductions, broadcast,
//                           softmax, cast, constant
//   pto_emit_cube.cpp       matmul and the plan's moves between spaces
//   pto_emit_control.cpp    scf.for, scf.if and index/scalar arith
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/backends/ascend/lower/kernel_to_lower.h"
#include "worker/backends/ascend/lower/pto/pto_emitter.h"
#include "worker/backends/ascend/lower/pto/pto_text_writer.h"
#include "worker/backends/ascend/lower/pto/pto_tile_format.h"
#include "worker/plan/tile_liveness.h"

namespace kiln::ascend::lower::pto {

/// One `pto.alloc_tile`: a plan buffer seen as one element type, or a
/// scratch tile of one op.
struct TileAlloc {
  std::string name;
  PtoTileFormat format;
  std::string type;          // format.typeText()
  int buffer = -1;           // plan buffer id; -1 for scratch
  int64_t scratch_rel = 0;   // scratch: bytes above the scratch base
  mlir::Location loc;
  std::string what;          // "tile.load's 32x128xf32 result", for messages
};

class KernelEmitter {
 public:
  KernelEmitter(const KernelToLower &kernel, const AscendTarget &target, const PtoOptions &options);

  /// The whole func.func text; failure after emitting located errors.
  mlir::FailureOr<std::string> run();

  CoreKind core() const { return core_; }
  int64_t blockDim() const { return block_dim_; }
  std::vector<std::string> params() const;

  // --- tiles (pto_kernel_tiles.cpp) ---------------------------------------
  /// The tile of plan buffer `buffer` holding `element`s; nullopt (with an
  /// error at `at`) when PTO has no legal format for it.
  std::optional<std::string> bufferTile(int buffer, mlir::Type element, mlir::Operation *at);
  /// The tile `value` lives in (its own plan buffer).
  std::optional<std::string> valueTile(mlir::Value value, mlir::Operation *at);
  /// The tile `op` reads operand `index` from: the plan's staged copy when
  /// it has one (after emitting the move that fills it), else its own.
  std::optional<std::string> operandTile(mlir::Operation *op, unsigned index);
  /// A scratch tile of `op` (at level 3 above the plan's high water).
  std::optional<std::string> scratchTile(mlir::Operation *op, int64_t rows, int64_t cols, mlir::Type element,
                                         const std::string &what);
  /// `%t : !pto.tile_buf<...>` pieces.
  const std::string &typeOf(const std::string &tile) const;
  int bufferOf(mlir::Value value) const;
  const plan::Buffer &planBuffer(int id) const { return kernel_.plan->plan.buffers[id]; }

  // --- text helpers -------------------------------------------------------
  PtoTextWriter &w() { return writer_; }
  const AscendTarget &target() const { return target_; }
  /// `name ins(a, b : Ta, Tb) outs(d : Td)` for tiles and typed scalars.
  void dps(const std::string &name, const std::vector<std::pair<std::string, std::string>> &ins,
           const std::string &out, const std::string &attrs = "");
  std::pair<std::string, std::string> in(const std::string &tile) const { return {tile, typeOf(tile)}; }
  mlir::LogicalResult unsupported(mlir::Operation *op, const std::string &why);
  /// The scalar SSA name of a Tile IR value (argument, constant, index math).
  std::string scalar(mlir::Value value);
  /// Copy between two tiles of one shape where PTO has a move for it.
  mlir::LogicalResult copyTile(mlir::Operation *at, const std::string &from, const std::string &to);

  // --- ops ----------------------------------------------------------------
  mlir::LogicalResult emitBlock(mlir::Block &block);
  mlir::LogicalResult emitOp(mlir::Operation *op);
  mlir::LogicalResult emitProgramId(mlir::Operation *op);
  mlir::LogicalResult emitLoad(mlir::Operation *op);
  mlir::LogicalResult emitStore(mlir::Operation *op);
  mlir::LogicalResult emitVector(mlir::Operation *op);
  mlir::LogicalResult emitReduce(mlir::Operation *op);
  mlir::LogicalResult emitBroadcast(mlir::Operation *op);
  mlir::LogicalResult emitSoftmax(mlir::Operation *op);
  mlir::LogicalResult emitCast(mlir::Operation *op);
  mlir::LogicalResult emitConstant(mlir::Operation *op);
  mlir::LogicalResult emitMatmul(mlir::Operation *op);
  mlir::LogicalResult emitMove(mlir::Operation *at, const plan::PlannedOp &move, const std::string &from,
                               const std::string &to);
  mlir::LogicalResult emitFor(mlir::scf::ForOp loop);
  mlir::LogicalResult emitIf(mlir::scf::IfOp branch);
  mlir::LogicalResult emitArith(mlir::Operation *op);

  /// Loop iter_args whose first value is a zero tile.constant in L0C: the
  /// matmul reading them computes without accumulating on the first trip.
  struct ZeroStart {
    mlir::Value induction;
    mlir::Value lower_bound;
  };
  llvm::DenseMap<mlir::Value, ZeroStart> zero_start_;
  llvm::DenseSet<mlir::Operation *> skipped_;  // ops folded into others

 private:
  void indexPlanOps();
  void writeViews();
  mlir::LogicalResult checkPlacement();  // what PTO adds to the plan still fits
  mlir::LogicalResult checkPlannedPlacement();
  mlir::LogicalResult checkUnplannedFit();
  int64_t scratchBase() const;
  std::string allocsText();  // registers the address constants
  std::string header() const;

  const KernelToLower &kernel_;
  const AscendTarget &target_;
  PtoOptions options_;
  PtoTextWriter writer_;
  CoreKind core_ = CoreKind::kVector;
  int64_t block_dim_ = 1;

  std::vector<TileAlloc> allocs_;
  std::map<std::pair<int, std::string>, std::string> buffer_tiles_;  // (buffer, dtype) -> name
  std::map<std::string, size_t> alloc_index_;                       // name -> allocs_
  std::map<mlir::Operation *, int64_t> scratch_used_;                // op -> scratch bytes so far
  plan::OpNumbering numbering_;
  std::map<mlir::Operation *, const plan::PlannedOp *> planned_;
  std::map<int, const plan::PlannedOp *> move_into_;  // staged copy buffer -> its move op
  std::map<int, std::string> views_;                  // memref argument -> tensor_view name
  std::string views_text_;
  bool failed_ = false;
};

/// The PTO element type name of a Tile IR element type: f32, f16, bf16, i32.
std::string ptoDType(mlir::Type element);
int64_t elementBytes(mlir::Type element);
std::string ptoType(mlir::Type type);  // scalars and memrefs as PTO arguments

}  // namespace kiln::ascend::lower::pto
