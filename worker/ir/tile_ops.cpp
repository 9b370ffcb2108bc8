// Verifiers of the tile operations: the per-op rules of shared/spec/tile-ir.md.
#include "worker/ir/tile_ops.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"

#define GET_OP_CLASSES
#include "worker/ir/TileOps.cpp.inc"

namespace kiln::tile {
namespace {

std::string shapeString(int64_t rows, int64_t cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

std::string shapeString(TileType type) { return shapeString(type.getRows(), type.getCols()); }

std::string shapeString(mlir::MemRefType type) {
  std::string out;
  for (int64_t dim : type.getShape()) out += (out.empty() ? "" : "x") + std::to_string(dim);
  return out;
}

/// Shared by tile.load and tile.store: the tile must sit on a whole-tile grid
/// of the memref, with one index per memref dimension.
mlir::LogicalResult verifyTileAccess(mlir::Operation *op, mlir::MemRefType memref, TileType tile,
                                     size_t numIndices) {
  int64_t rank = memref.getRank();
  if (rank != 1 && rank != 2)
    return op->emitOpError("global memref must have rank 1 or 2, got rank ") << rank;
  if (static_cast<int64_t>(numIndices) != rank)
    return op->emitOpError("expected ")
           << rank << (rank == 1 ? " index" : " indices") << " for a rank-" << rank
           << " memref, got " << numIndices;
  if (memref.getElementType() != tile.getElementType())
    return op->emitOpError("element type ")
           << tile.getElementType() << " of the tile differs from element type "
           << memref.getElementType() << " of the memref";
  if (!memref.getLayout().isIdentity())
    return op->emitOpError("global memref must have the default row-major layout");
  if (rank == 1) {
    if (tile.getRows() != 1)
      return op->emitOpError("a rank-1 memref takes a 1xC tile, got ") << shapeString(tile);
    if (memref.getDimSize(0) % tile.getCols() != 0)
      return op->emitOpError("tile shape ")
             << shapeString(tile) << " does not divide memref shape " << shapeString(memref)
             << ": " << memref.getDimSize(0) << " is not a multiple of " << tile.getCols();
    return mlir::success();
  }
  const char *dimNames[2] = {"rows", "columns"};
  int64_t tileDims[2] = {tile.getRows(), tile.getCols()};
  for (int d = 0; d < 2; ++d) {
    if (memref.getDimSize(d) % tileDims[d] != 0)
      return op->emitOpError("tile shape ")
             << shapeString(tile) << " does not divide memref shape " << shapeString(memref)
             << ": " << memref.getDimSize(d) << " " << dimNames[d] << " are not a multiple of "
             << tileDims[d];
  }
  return mlir::success();
}

mlir::LogicalResult verifyAxis(mlir::Operation *op, int64_t axis) {
  if (axis != 0 && axis != 1)
    return op->emitOpError("axis must be 0 or 1, got ") << axis;
  return mlir::success();
}

}  // namespace

mlir::LogicalResult ProgramIdOp::verify() {
  int64_t dim = getDim();
  if (dim < 0 || dim > 2)
    return emitOpError("grid dimension must be 0, 1 or 2, got ") << dim;
  // Helpers are checked against every kernel that calls them in
  // kernel_rules.cpp; here only the enclosing kernel's own grid is known.
  auto func = (*this)->getParentOfType<mlir::func::FuncOp>();
  if (!func) return mlir::success();
  auto grid = func->getAttrOfType<mlir::DenseI64ArrayAttr>(TileDialect::kGridAttrName);
  if (!grid || !func->hasAttr(TileDialect::kKernelAttrName)) return mlir::success();
  if (dim >= static_cast<int64_t>(grid.size())) {
    auto diag = emitOpError("grid dimension ")
                << dim << " is outside the " << grid.size() << "-d grid of kernel @"
                << func.getSymName();
    diag.attachNote(func.getLoc()) << "grid declared here";
    return diag;
  }
  return mlir::success();
}

mlir::LogicalResult LoadOp::verify() {
  return verifyTileAccess(*this, getSource().getType().cast<mlir::MemRefType>(),
                          getResult().getType().cast<TileType>(), getIndices().size());
}

mlir::LogicalResult StoreOp::verify() {
  return verifyTileAccess(*this, getDest().getType().cast<mlir::MemRefType>(),
                          getValue().getType().cast<TileType>(), getIndices().size());
}

mlir::LogicalResult ScaleOp::verify() {
  mlir::Type element = getInput().getType().cast<TileType>().getElementType();
  if (getScalar().getType() != element)
    return emitOpError("scalar type ")
           << getScalar().getType() << " differs from the tile element type " << element;
  return mlir::success();
}

mlir::LogicalResult BroadcastOp::verify() {
  auto source = getInput().getType().cast<TileType>();
  auto result = getResult().getType().cast<TileType>();
  if (source.getElementType() != result.getElementType())
    return emitOpError("element type ")
           << source.getElementType() << " of the source differs from element type "
           << result.getElementType() << " of the result";
  bool column = source.getRows() == result.getRows() && source.getCols() == 1;
  bool row = source.getRows() == 1 && source.getCols() == result.getCols();
  if (!column && !row)
    return emitOpError("source ") << shapeString(source) << " is neither "
                                  << shapeString(result.getRows(), 1) << " nor "
                                  << shapeString(1, result.getCols()) << " of the result shape "
                                  << shapeString(result);
  return mlir::success();
}

mlir::LogicalResult CastOp::verify() {
  auto source = getInput().getType().cast<TileType>();
  auto result = getResult().getType().cast<TileType>();
  if (source.getRows() != result.getRows() || source.getCols() != result.getCols())
    return emitOpError("cast changes the shape from ")
           << shapeString(source) << " to " << shapeString(result)
           << "; a cast converts element types only";
  if (source == result)
    return emitOpError("cast between identical types ") << source;
  return mlir::success();
}

namespace {
mlir::LogicalResult verifyReduce(mlir::Operation *op, int64_t axis, TileType source,
                                 TileType result) {
  if (mlir::failed(verifyAxis(op, axis))) return mlir::failure();
  if (source.getElementType() != result.getElementType())
    return op->emitOpError("element type ")
           << result.getElementType() << " of the result differs from element type "
           << source.getElementType() << " of the source";
  int64_t rows = axis == 1 ? source.getRows() : 1;
  int64_t cols = axis == 1 ? 1 : source.getCols();
  if (result.getRows() != rows || result.getCols() != cols)
    return op->emitOpError("reducing ")
           << shapeString(source) << " along axis " << axis << " gives "
           << shapeString(rows, cols) << ", not " << shapeString(result);
  return mlir::success();
}
}  // namespace

mlir::LogicalResult ReduceSumOp::verify() {
  return verifyReduce(*this, getAxis(), getInput().getType().cast<TileType>(),
                      getResult().getType().cast<TileType>());
}

mlir::LogicalResult ReduceMaxOp::verify() {
  return verifyReduce(*this, getAxis(), getInput().getType().cast<TileType>(),
                      getResult().getType().cast<TileType>());
}

mlir::LogicalResult SoftmaxOp::verify() { return verifyAxis(*this, getAxis()); }

mlir::LogicalResult MatmulOp::verify() {
  auto lhs = getLhs().getType().cast<TileType>();
  auto rhs = getRhs().getType().cast<TileType>();
  auto result = getResult().getType().cast<TileType>();
  if (lhs.getCols() != rhs.getRows())
    return emitOpError("matmul shapes do not chain: ")
           << shapeString(lhs) << " · " << shapeString(rhs) << " (K is " << lhs.getCols()
           << " on the left and " << rhs.getRows() << " on the right)";
  if (lhs.getElementType() != rhs.getElementType())
    return emitOpError("operand element types differ: ")
           << lhs.getElementType() << " and " << rhs.getElementType();
  if (getAcc()) {
    auto acc = getAcc().getType().cast<TileType>();
    if (!acc.getElementType().isF32())
      return emitOpError("accumulator must have f32 elements, got ") << acc.getElementType();
    if (acc.getRows() != lhs.getRows() || acc.getCols() != rhs.getCols())
      return emitOpError("accumulator shape ")
             << shapeString(acc) << " differs from the product shape "
             << shapeString(lhs.getRows(), rhs.getCols());
  }
  if (!result.getElementType().isF32())
    return emitOpError("result must have f32 elements (accumulation is f32), got ")
           << result.getElementType();
  if (result.getRows() != lhs.getRows() || result.getCols() != rhs.getCols())
    return emitOpError("result shape ")
           << shapeString(result) << " differs from the product shape "
           << shapeString(lhs.getRows(), rhs.getCols());
  return mlir::success();
}

}  // namespace kiln::tile
