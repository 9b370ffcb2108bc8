// The tile.kernel and tile.grid attributes on func.func: what makes a
// function a kernel, and what a kernel's signature and grid may be.
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/tile_type.h"

namespace kiln::tile {
namespace {

/// Kernel arguments are static global memrefs (rank 1 or 2) or scalars.
mlir::LogicalResult verifyKernelArgument(mlir::func::FuncOp func, unsigned index) {
  mlir::Type type = func.getArgumentTypes()[index];
  mlir::Location loc = func.isExternal() ? func.getLoc() : func.getArgument(index).getLoc();
  if (auto memref = type.dyn_cast<mlir::MemRefType>()) {
    if (!memref.hasStaticShape())
      return mlir::emitError(loc, "kernel argument #")
             << index << " must be a statically shaped memref, got " << type;
    if (memref.getRank() != 1 && memref.getRank() != 2)
      return mlir::emitError(loc, "kernel argument #")
             << index << " must be a memref of rank 1 or 2, got " << type;
    if (!isTileElementType(memref.getElementType()))
      return mlir::emitError(loc, "kernel argument #")
             << index << " has element type " << memref.getElementType()
             << "; a global memref holds f32, f16, bf16 or i32";
    return mlir::success();
  }
  if (type.isF32() || type.isSignlessInteger(32) || type.isIndex()) return mlir::success();
  return mlir::emitError(loc, "kernel argument #")
         << index << " has type " << type
         << "; a kernel takes static memrefs and f32, i32 or index scalars";
}

mlir::LogicalResult verifyKernel(mlir::Operation *op, mlir::Attribute attr) {
  if (!attr.isa<mlir::UnitAttr>())
    return op->emitError("'tile.kernel' is a unit attribute and takes no value");
  auto func = mlir::dyn_cast<mlir::func::FuncOp>(op);
  if (!func) return op->emitError("'tile.kernel' may only be placed on a func.func");
  // Dialect attributes are verified before func.func's own verifier, and the
  // generic form may leave out what func.func's accessors assume (its type,
  // its name): func.func reports that itself, located.
  auto type = func->getAttrOfType<mlir::TypeAttr>(func.getFunctionTypeAttrName());
  if (!type || !type.getValue().isa<mlir::FunctionType>() ||
      !func->getAttrOfType<mlir::StringAttr>(mlir::SymbolTable::getSymbolAttrName()))
    return mlir::success();
  if (func.getNumResults() != 0)
    return func.emitError("kernel @")
           << func.getSymName() << " must not return values, but returns "
           << func.getNumResults();
  if (func.isExternal())
    return func.emitError("kernel @") << func.getSymName() << " has no body";
  if (!func->hasAttr(TileDialect::kGridAttrName))
    return func.emitError("kernel @")
           << func.getSymName() << " has no launch grid; add tile.grid = array<i64: ...>";
  // For the same reason the
  // entry block may not yet match the signature (generic form lets a client
  // write any block). func.func reports that mismatch itself, located; the
  // argument checks below index the block, so they wait for it.
  if (func.getBody().getNumArguments() != func.getNumArguments()) return mlir::success();
  for (unsigned i = 0; i < func.getNumArguments(); ++i)
    if (mlir::failed(verifyKernelArgument(func, i))) return mlir::failure();
  return mlir::success();
}

mlir::LogicalResult verifyGrid(mlir::Operation *op, mlir::Attribute attr) {
  auto grid = attr.dyn_cast<mlir::DenseI64ArrayAttr>();
  if (!grid) return op->emitError("'tile.grid' must be array<i64: G0[, G1[, G2]]>, got ") << attr;
  if (!op->hasAttr(TileDialect::kKernelAttrName))
    return op->emitError("'tile.grid' is only meaningful on a function marked tile.kernel");
  if (grid.empty() || grid.size() > 3)
    return op->emitError("a launch grid has 1 to 3 dimensions, got ") << grid.size();
  for (auto [dim, extent] : llvm::enumerate(grid.asArrayRef()))
    if (extent <= 0)
      return op->emitError("grid extent ")
             << extent << " along dimension " << dim << " must be positive";
  return mlir::success();
}

}  // namespace

mlir::LogicalResult TileDialect::verifyOperationAttribute(mlir::Operation *op,
                                                          mlir::NamedAttribute attr) {
  // A misspelt name (tile.kernal) is the root cause of every other complaint
  // about the op's tile attributes, so it is reported first.
  for (mlir::NamedAttribute other : op->getAttrs()) {
    llvm::StringRef name = other.getName().getValue();
    if (name.starts_with("tile.") && name != kKernelAttrName && name != kGridAttrName)
      return op->emitError("unknown attribute '")
             << name << "'; the tile dialect defines tile.kernel and tile.grid";
  }
  if (attr.getName() == kKernelAttrName) return verifyKernel(op, attr.getValue());
  return verifyGrid(op, attr.getValue());  // the only other name the scan above allows
}

}  // namespace kiln::tile
