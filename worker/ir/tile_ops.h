// Operations of the tile dialect.
#pragma once

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "worker/ir/tile_dialect.h"
#include "worker/ir/tile_type.h"

#define GET_OP_CLASSES
#include "worker/ir/TileOps.h.inc"
