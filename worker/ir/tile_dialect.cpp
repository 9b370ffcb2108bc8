// Registers the tile dialect's types and operations.
#include "worker/ir/tile_dialect.h"

#include "worker/ir/tile_ops.h"
#include "worker/ir/tile_type.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

#include "worker/ir/TileDialect.cpp.inc"

// The type storage must be complete where addTypes<> instantiates it.
#define GET_TYPEDEF_CLASSES
#include "worker/ir/TileTypes.cpp.inc"

void kiln::tile::TileDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "worker/ir/TileTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "worker/ir/TileOps.cpp.inc"
      >();
}
