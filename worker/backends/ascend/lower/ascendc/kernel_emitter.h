// The emitter of one kernel: its class (members, Init, Process) and entry.
// Split over files by what the lines do: kernel_emitter.cpp (the class,
// scalars and control flow), tile_buffers.cpp (which plan buffer is a queue
// or a TBuf, and the Alloc/EnQue/DeQue/Free protocol), gm_copies.cpp
// (tile.load/store), vector_ops.cpp, reductions.cpp, cube_matmul.cpp.
// Emitter-internal.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Operation.h"
#include "worker/backends/ascend/lower/ascendc/ascendc_emitter.h"
#include "worker/plan/tile_liveness.h"

namespace kiln::ascend::lower {

enum class BufferRole { kVecIn, kVecOut, kVecCalc, kCube };

struct TileBuffer {
  int id = 0;
  BufferRole role = BufferRole::kVecCalc;
  int copies = 1;            // InitBuffer num
  std::string holder;        // the TQue or TBuf member: "inQueue3"
  std::string var;           // the LocalTensor: "b3"
  std::string cxx_type;      // the element type it is declared with
  mlir::Block *home = nullptr;          // where a queue's tensor is allocated and freed
  mlir::Operation *alloc_before = nullptr;
  mlir::Operation *free_after = nullptr;
  mlir::Operation *dequeue_before = nullptr;  // VECIN: the first reader's ancestor in `home`
  bool planted = false;      // the one buffer a PlantedBug goes into
  std::string position = "VECCALC";  // a TBuf's TPosition: VECCALC, or A1/B1/A2/B2/CO1 on the cube
};

class KernelEmitter {
 public:
  KernelEmitter(const KernelToLower &kernel, const AscendTarget &target, const AscendCOptions &options);
  /// Writes the class and entry to `out`; false when an error was emitted.
  bool emit(std::ostringstream &out, AscendCKernel &info);

 private:
  // kernel_emitter.cpp
  void line(const std::string &text);
  void locationComment(mlir::Operation *op);
  /// Emits the block's ops; its yield, if any, through `terminator`, with
  /// the queue work due around it (a yield may be a tile's last reader).
  mlir::LogicalResult emitBlock(mlir::Block &block,
                                const std::function<void(mlir::Operation *)> &terminator = nullptr);
  mlir::LogicalResult emitOp(mlir::Operation *op);
  mlir::LogicalResult emitScalarOp(mlir::Operation *op);
  mlir::LogicalResult emitFor(mlir::Operation *op);
  mlir::LogicalResult emitIf(mlir::Operation *op);
  std::string scalar(mlir::Value value);
  std::string newScalar(mlir::Value value);
  mlir::LogicalResult unsupported(mlir::Operation *op, const std::string &why);

  // tile_buffers.cpp
  mlir::LogicalResult assignBuffers();
  void emitBufferMembers();
  void emitInitBuffers();
  void emitBufferGets();
  void beforeOp(mlir::Operation *op);  // queue allocs and DeQues due before `op`
  void afterOp(mlir::Operation *op);   // FreeTensors due after `op`
  TileBuffer *bufferOf(mlir::Value value);
  std::string tensor(mlir::Value value);  // the LocalTensor expression holding `value`
  /// Copies the tile in `from` into `to`'s buffer when they differ.
  void copyTile(mlir::Value to, mlir::Value from);

  // gm_copies.cpp
  mlir::LogicalResult emitLoad(mlir::Operation *op);
  mlir::LogicalResult emitStore(mlir::Operation *op);
  std::string gmOffset(mlir::Value memref, mlir::ValueRange indices, int64_t rows, int64_t cols);

  // vector_ops.cpp
  mlir::LogicalResult emitElementwise(mlir::Operation *op);
  mlir::LogicalResult emitConstant(mlir::Operation *op);
  mlir::LogicalResult emitCast(mlir::Operation *op);
  mlir::LogicalResult emitBroadcast(mlir::Operation *op);
  void vectorBarrier();

  // reductions.cpp
  mlir::LogicalResult emitReduce(mlir::Operation *op);
  mlir::LogicalResult emitSoftmax(mlir::Operation *op);
  void syncVectorToScalar();
  void syncScalarToVector();

  // cube_matmul.cpp
  mlir::LogicalResult assignCubeBuffer(TileBuffer &t, const std::vector<mlir::Value> &members);
  mlir::LogicalResult emitMatmul(mlir::Operation *op);
  mlir::LogicalResult emitCubeLoad(mlir::Operation *op);
  mlir::LogicalResult emitFixpipe(mlir::Operation *op);
  /// A cube kernel's tile move (loop init, yield): only a zero start of an
  /// accumulator, which becomes cmatrixInitVal.
  void cubeCopy(mlir::Value to, mlir::Value from);

 public:
  // Shared by the pieces above.
  const KernelToLower &kernel_;
  const AscendTarget &target_;
  const AscendCOptions &options_;
  plan::OpNumbering numbering_;
  std::vector<TileBuffer> buffers_;            // by plan buffer id
  llvm::DenseMap<mlir::Value, std::string> scalars_;
  std::map<std::string, std::string> gm_;      // kernel parameter -> its GlobalTensor member
  std::ostringstream body_;                    // Process()'s lines
  int indent_ = 2;
  int next_scalar_ = 0;
  int scratch_buffer_ = -1;                    // plan id of the vector scratch, if any
  bool planted_done_ = false;
  bool cube_kernel_ = false;
  bool failed_ = false;                        // an error emitted where no LogicalResult could carry it
  std::map<int, std::string> zero_flag_;       // L0C buffer -> the bool saying it still holds zeros
  std::vector<std::string> member_lines_, init_lines_;
};

}  // namespace kiln::ascend::lower
