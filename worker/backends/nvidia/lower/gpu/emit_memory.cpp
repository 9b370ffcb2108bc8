// tile.program_id, tile.load, tile.store, tile.constant.
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "worker/ir/tile_ops.h"
#include "worker/backends/nvidia/lower/gpu/gpu_emitter.h"

namespace kiln::lower {
namespace {

/// The global element that element `e` of a tile at tile coordinates
/// `coords` maps to, as memref indices.
llvm::SmallVector<mlir::Value, 2> globalIndices(GpuEmitter &g, mlir::MemRefType memref,
                                                tile::TileType tile, mlir::ValueRange coords,
                                                mlir::Value e) {
  mlir::OpBuilder &b = g.b;
  if (memref.getRank() == 1) {
    // A rank-1 memref holds 1xC tiles; element e is column e.
    mlir::Value base = b.create<mlir::arith::MulIOp>(g.loc, g.mapped(coords[0]), g.index(tile.getCols()));
    return {b.create<mlir::arith::AddIOp>(g.loc, base, e)};
  }
  mlir::Value cols = g.index(tile.getCols());
  mlir::Value r = b.create<mlir::arith::DivUIOp>(g.loc, e, cols);
  mlir::Value c = b.create<mlir::arith::RemUIOp>(g.loc, e, cols);
  mlir::Value row0 = b.create<mlir::arith::MulIOp>(g.loc, g.mapped(coords[0]), g.index(tile.getRows()));
  mlir::Value col0 = b.create<mlir::arith::MulIOp>(g.loc, g.mapped(coords[1]), cols);
  return {b.create<mlir::arith::AddIOp>(g.loc, row0, r), b.create<mlir::arith::AddIOp>(g.loc, col0, c)};
}

mlir::gpu::Dimension gridDimension(int64_t dim) {
  return dim == 0 ? mlir::gpu::Dimension::x : dim == 1 ? mlir::gpu::Dimension::y : mlir::gpu::Dimension::z;
}

}  // namespace

mlir::LogicalResult emitMemoryOp(GpuEmitter &g, mlir::Operation *op) {
  mlir::OpBuilder &b = g.b;
  if (auto pid = llvm::dyn_cast<tile::ProgramIdOp>(op)) {
    g.map.map(pid.getResult(), b.create<mlir::gpu::BlockIdOp>(g.loc, gridDimension(pid.getDim())));
    return mlir::success();
  }
  if (auto load = llvm::dyn_cast<tile::LoadOp>(op)) {
    auto tile = load.getResult().getType().cast<tile::TileType>();
    auto memref = load.getSource().getType().cast<mlir::MemRefType>();
    mlir::Value dest = g.view(g.bufferOf(load.getResult()));
    g.forEachElement(tile.getNumElements(), [&](mlir::Value e) {
      auto indices = globalIndices(g, memref, tile, load.getIndices(), e);
      mlir::Value raw = b.create<mlir::memref::LoadOp>(g.loc, g.mapped(load.getSource()), indices);
      b.create<mlir::memref::StoreOp>(g.loc, raw, dest, e);
    });
    return mlir::success();
  }
  if (auto store = llvm::dyn_cast<tile::StoreOp>(op)) {
    auto tile = store.getValue().getType().cast<tile::TileType>();
    auto memref = store.getDest().getType().cast<mlir::MemRefType>();
    mlir::Value source = g.view(g.bufferOf(store.getValue()));
    g.forEachElement(tile.getNumElements(), [&](mlir::Value e) {
      auto indices = globalIndices(g, memref, tile, store.getIndices(), e);
      mlir::Value raw = b.create<mlir::memref::LoadOp>(g.loc, source, e);
      b.create<mlir::memref::StoreOp>(g.loc, raw, g.mapped(store.getDest()), indices);
    });
    return mlir::success();
  }
  if (auto constant = llvm::dyn_cast<tile::ConstantOp>(op)) {
    auto tile = constant.getResult().getType().cast<tile::TileType>();
    mlir::Value value;
    if (auto floatAttr = constant.getValue().dyn_cast<mlir::FloatAttr>()) {
      // The literal is exact in its element type; widening to f32 is exact too.
      llvm::APFloat wide = floatAttr.getValue();
      bool lost = false;
      wide.convert(llvm::APFloat::IEEEsingle(), llvm::APFloat::rmNearestTiesToEven, &lost);
      value = b.create<mlir::arith::ConstantOp>(g.loc, b.getF32FloatAttr(wide.convertToFloat()));
    } else {
      value = g.i32(constant.getValue().cast<mlir::IntegerAttr>().getInt());
    }
    g.forEachElement(tile.getNumElements(),
                     [&](mlir::Value e) { g.storeElement(constant.getResult(), e, value); });
    return mlir::success();
  }
  return op->emitOpError("is not a memory op");
}

}  // namespace kiln::lower
