// Registers the tile dialect's types and operations.
#include "worker/ir/tile_dialect.h"

#include "worker/ir/tile_ops.h"
#include "worker/ir/tile_type.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Transforms/InliningUtils.h"
#include "llvm/ADT/TypeSwitch.h"

#include "worker/ir/TileDialect.cpp.inc"

// The type storage must be complete where addTypes<> instantiates it.
#define GET_TYPEDEF_CLASSES
#include "worker/ir/TileTypes.cpp.inc"

namespace {
// Tile ops have no side effects beyond their memref operands, so helpers
// that use them inline into kernels like any other code.
struct TileInlinerInterface : public mlir::DialectInlinerInterface {
  using DialectInlinerInterface::DialectInlinerInterface;
  bool isLegalToInline(mlir::Operation *, mlir::Region *, bool, mlir::IRMapping &) const final {
    return true;
  }
};
}  // namespace

void kiln::tile::TileDialect::initialize() {
  addInterfaces<TileInlinerInterface>();
  addTypes<
#define GET_TYPEDEF_LIST
#include "worker/ir/TileTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "worker/ir/TileOps.cpp.inc"
      >();
}
