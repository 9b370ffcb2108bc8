// !tile.tile<RxCxT>: a rank-2 tile value whose home on chip the planner picks.
#pragma once

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Types.h"

#define GET_TYPEDEF_CLASSES
#include "worker/ir/TileTypes.h.inc"

namespace kiln::tile {

/// True for the element types a tile or a kernel's global memref may hold.
bool isTileElementType(mlir::Type type);

}  // namespace kiln::tile
