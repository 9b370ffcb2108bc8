// Syntax and verifier of !tile.tile<RxCxT>.
#include "worker/ir/tile_type.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "worker/ir/tile_dialect.h"

namespace kiln::tile {

// A bound on each tile dimension keeps rows * cols * sizeof(T) far from
// int64 overflow everywhere downstream; no device holds a tile near it.
constexpr int64_t kMaxTileDim = int64_t{1} << 24;

bool isTileElementType(mlir::Type type) {
  return type.isF32() || type.isF16() || type.isBF16() || type.isSignlessInteger(32);
}

mlir::Type TileType::parse(mlir::AsmParser &parser) {
  llvm::SMLoc loc = parser.getCurrentLocation();
  llvm::SmallVector<int64_t, 2> shape;
  mlir::Type elementType;
  if (parser.parseLess() ||
      parser.parseDimensionList(shape, /*allowDynamic=*/false, /*withTrailingX=*/true) ||
      parser.parseType(elementType) || parser.parseGreater())
    return {};
  if (shape.size() != 2) {
    parser.emitError(loc) << "a tile has exactly two dimensions (RxCxT), got " << shape.size();
    return {};
  }
  return parser.getChecked<TileType>(loc, parser.getContext(), shape[0], shape[1], elementType);
}

void TileType::print(mlir::AsmPrinter &printer) const {
  printer << '<' << getRows() << 'x' << getCols() << 'x';
  printer.printType(getElementType());
  printer << '>';
}

mlir::LogicalResult TileType::verify(llvm::function_ref<mlir::InFlightDiagnostic()> emitError,
                                     int64_t rows, int64_t cols, mlir::Type elementType) {
  if (rows <= 0 || cols <= 0)
    return emitError() << "tile dimensions must be positive, got " << rows << 'x' << cols;
  if (rows > kMaxTileDim || cols > kMaxTileDim)
    return emitError() << "tile dimension " << std::max(rows, cols) << " exceeds kiln's limit of "
                       << kMaxTileDim;
  if (!isTileElementType(elementType))
    return emitError() << "tile element type must be f32, f16, bf16 or i32, got " << elementType;
  return mlir::success();
}

}  // namespace kiln::tile
