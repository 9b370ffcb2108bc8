// The tile dialect: Tile IR v1 as specified in shared/spec/tile-ir.md.
#pragma once

#include "mlir/IR/Dialect.h"

#include "worker/ir/TileDialect.h.inc"
