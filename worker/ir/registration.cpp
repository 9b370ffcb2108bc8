#include "worker/ir/registration.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "worker/ir/tile_dialect.h"

void kiln::tile::registerTileIRDialects(mlir::DialectRegistry &registry) {
  registry.insert<TileDialect, mlir::func::FuncDialect, mlir::arith::ArithDialect,
                  mlir::scf::SCFDialect>();
}
