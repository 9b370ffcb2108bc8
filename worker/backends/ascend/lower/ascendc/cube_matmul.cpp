// tile.matmul on the cube unit. kiln lowers it only where the result can
// leave L0C through Fixpipe; the cube path itself is not written yet, so a
// cube kernel is a located error, never code that computes the wrong thing.
#include "worker/backends/ascend/lower/ascendc/kernel_emitter.h"
#include "worker/ir/tile_ops.h"

namespace kiln::ascend::lower {

mlir::LogicalResult KernelEmitter::emitMatmul(mlir::Operation *op) {
  if (!target_.has_fixpipe)
    return unsupported(op, "this SoC has no Fixpipe to move a matmul result out of L0C, and kiln has no "
                           "other route for it");
  return unsupported(op, "kiln's AscendC emitter does not lower the cube path (GM -> L1 -> L0A/L0B -> Mmad "
                         "-> Fixpipe) yet");
}

}  // namespace kiln::ascend::lower
