// The dialects a Tile IR module may use: tile plus upstream func, arith, scf.
#pragma once

#include "mlir/IR/DialectRegistry.h"

namespace kiln::tile {

void registerTileIRDialects(mlir::DialectRegistry &registry);

}  // namespace kiln::tile
