// tile.load and tile.store between GM and UB, in DataCopy's legal forms
// only: the local start is a buffer's (32-byte aligned) start, and
// - a tile that is contiguous in GM (a 1xC row, or full rows) moves with one
//   count-form DataCopy when its bytes are a multiple of 32, else with
//   DataCopyPad (the count form would silently round the length down);
// - a row block of a larger matrix moves with a strided DataCopyParams copy
//   (one 32 B-unit block per row, the row gap as the stride) when rows and
//   gaps are whole 32 B blocks, else with DataCopyPad and a GM stride in
//   bytes;
// - rows that are not whole 32 B blocks in a strided block would need a
//   padded UB layout, which kiln's dense tiles do not have: located error.
// The UB tile is dense row-major, element (r, c) at r * C + c.
#include "worker/backends/ascend/lower/ascendc/ascendc_types.h"
#include "worker/backends/ascend/lower/ascendc/kernel_emitter.h"
#include "worker/ir/tile_ops.h"

namespace kiln::ascend::lower {
namespace {

constexpr int64_t kMaxBlockCount = 4095;
constexpr int64_t kMaxStride = 65535;

struct CopyShape {
  int64_t rows, cols, row_length, size;  // tile rows and cols, the memref's row, element bytes
};

/// The copy call, or an empty string (with `why`) where no legal form fits.
std::string copyCall(bool toGm, const std::string &local, const std::string &gm, const CopyShape &s,
                     const std::string &cxx, int64_t countAdjust, std::string &why) {
  bool contiguous = s.rows == 1 || s.cols == s.row_length;
  int64_t rowBytes = s.cols * s.size, gapBytes = (s.row_length - s.cols) * s.size;
  std::string dst = toGm ? gm : local, src = toGm ? local : gm;
  if (contiguous) {
    int64_t bytes = s.rows * rowBytes;
    if (bytes % 32 == 0)
      return "DataCopy(" + dst + ", " + src + ", " + std::to_string(s.rows * s.cols + countAdjust) + ");";
    std::string params = "DataCopyExtParams{1, " + std::to_string(bytes) + ", 0, 0, 0}";
    if (toGm) return "DataCopyPad(" + dst + ", " + src + ", " + params + ");";
    return "DataCopyPad(" + dst + ", " + src + ", " + params + ", DataCopyPadExtParams<" + cxx + ">{false, 0, 0, 0});";
  }
  if (s.rows > kMaxBlockCount) {
    why = "a block of more than 4095 rows does not fit one strided DataCopy";
    return "";
  }
  if (rowBytes % 32 != 0) {
    why = "a tile row of " + std::to_string(rowBytes) +
          " bytes is not a whole 32 B block, and kiln's dense UB tiles cannot take DataCopyPad's padded rows";
    return "";
  }
  if (gapBytes % 32 == 0 && gapBytes / 32 <= kMaxStride) {
    std::string gap = std::to_string(gapBytes / 32), len = std::to_string(rowBytes / 32);
    std::string params = "DataCopyParams{" + std::to_string(s.rows) + ", " + len + ", " + (toGm ? "0, " + gap : gap + ", 0") + "}";
    return "DataCopy(" + dst + ", " + src + ", " + params + ");";
  }
  // GM-side strides in bytes, UB-side in 32 B blocks (0: rows back to back).
  std::string params = "DataCopyExtParams{" + std::to_string(s.rows) + ", " + std::to_string(rowBytes) + ", " +
                       (toGm ? "0, " + std::to_string(gapBytes) : std::to_string(gapBytes) + ", 0") + ", 0}";
  if (toGm) return "DataCopyPad(" + dst + ", " + src + ", " + params + ");";
  return "DataCopyPad(" + dst + ", " + src + ", " + params + ", DataCopyPadExtParams<" + cxx + ">{false, 0, 0, 0});";
}

CopyShape shapeOf(mlir::Value memref, tile::TileType tile) {
  auto type = memref.getType().cast<mlir::MemRefType>();
  return {tile.getRows(), tile.getCols(), type.getShape().back(), elementBytes(tile.getElementType())};
}

}  // namespace

std::string KernelEmitter::gmOffset(mlir::Value memref, mlir::ValueRange indices, int64_t rows, int64_t cols) {
  auto type = memref.getType().cast<mlir::MemRefType>();
  if (type.getRank() == 1) return "(" + scalar(indices[0]) + ") * " + std::to_string(cols);
  return "(" + scalar(indices[0]) + ") * " + std::to_string(rows * type.getShape()[1]) + " + (" +
         scalar(indices[1]) + ") * " + std::to_string(cols);
}

mlir::LogicalResult KernelEmitter::emitLoad(mlir::Operation *op) {
  auto load = llvm::cast<tile::LoadOp>(op);
  auto tileType = load.getResult().getType().cast<tile::TileType>();
  TileBuffer *t = bufferOf(load.getResult());
  if (!t || t->role == BufferRole::kCube) return emitCubeLoad(op);
  std::string cxx = cxxElementType(tileType.getElementType());
  auto arg = load.getSource().dyn_cast<mlir::BlockArgument>();
  if (!arg || !gm_.count(scalar(arg))) return unsupported(op, "a load from a memref that is not a kernel parameter");
  std::string gm = gm_[scalar(arg)] + "[" + gmOffset(load.getSource(), load.getIndices(), tileType.getRows(), tileType.getCols()) + "]";
  std::string local = tensor(load.getResult());
  bool planted = t->planted && !planted_done_;
  int64_t adjust = 0;
  if (planted && options_.planted_bug == PlantedBug::kShortCopy) adjust = -1;  // planted: not 32 B
  if (planted && options_.planted_bug == PlantedBug::kUnalignedStart) {
    local += "[1]";  // planted: 4 or 2 bytes past an aligned start
    adjust = -32 / elementBytes(tileType.getElementType());
  }
  std::string why;
  std::string call = copyCall(false, local, gm, shapeOf(load.getSource(), tileType), cxx, adjust, why);
  if (call.empty()) return unsupported(op, why);
  if (adjust != 0) call += "  // planted: " + std::string(local.back() == ']' ? "an unaligned start" : "not whole 32 B blocks");
  if (t->role == BufferRole::kVecIn) {
    if (planted && options_.planted_bug == PlantedBug::kQueueOverfill)
      for (int i = 0; i < t->copies; ++i)
        line(t->holder + ".AllocTensor<" + cxx + ">();  // planted: one buffer more than InitBuffer made");
    line("LocalTensor<" + cxx + "> " + t->var + " = " + t->holder + ".AllocTensor<" + cxx + ">();");
    line(call);
    if (!(planted && options_.planted_bug == PlantedBug::kDequeEmpty))
      line(t->holder + ".EnQue(" + t->var + ");");
    else
      line("// planted: the EnQue is left out");
    if (!t->dequeue_before) line(t->var + " = " + t->holder + ".DeQue<" + cxx + ">();");
  } else {
    // A TBuf: wait for the vector reads of what it held, and make the
    // vector unit wait for the copy.
    line("SetFlag<HardEvent::V_MTE2>(0);");
    line("WaitFlag<HardEvent::V_MTE2>(0);");
    line(call);
    line("SetFlag<HardEvent::MTE2_V>(0);");
    line("WaitFlag<HardEvent::MTE2_V>(0);");
  }
  if (planted) planted_done_ = true;
  return mlir::success();
}

mlir::LogicalResult KernelEmitter::emitStore(mlir::Operation *op) {
  auto store = llvm::cast<tile::StoreOp>(op);
  auto tileType = store.getValue().getType().cast<tile::TileType>();
  TileBuffer *t = bufferOf(store.getValue());
  if (!t || t->role == BufferRole::kCube) return emitFixpipe(op);
  std::string cxx = cxxElementType(tileType.getElementType());
  auto arg = store.getDest().dyn_cast<mlir::BlockArgument>();
  if (!arg || !gm_.count(scalar(arg))) return unsupported(op, "a store to a memref that is not a kernel parameter");
  std::string gm = gm_[scalar(arg)] + "[" + gmOffset(store.getDest(), store.getIndices(), tileType.getRows(), tileType.getCols()) + "]";
  std::string why;
  std::string call = copyCall(true, tensor(store.getValue()), gm, shapeOf(store.getDest(), tileType), cxx, 0, why);
  if (call.empty()) return unsupported(op, why);
  if (t->role == BufferRole::kVecOut) {
    line(t->holder + ".EnQue(" + t->var + ");");
    line(t->var + " = " + t->holder + ".DeQue<" + cxx + ">();");
    line(call);
    return mlir::success();
  }
  // From a VECIN or TBuf tensor: the copy waits for the vector writes, and
  // later vector writes wait for the copy.
  line("SetFlag<HardEvent::V_MTE3>(0);");
  line("WaitFlag<HardEvent::V_MTE3>(0);");
  line(call);
  line("SetFlag<HardEvent::MTE3_V>(0);");
  line("WaitFlag<HardEvent::MTE3_V>(0);");
  return mlir::success();
}

}  // namespace kiln::ascend::lower
