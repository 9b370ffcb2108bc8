// Which Ascend core a kernel needs. The cube unit does tile.matmul, with the
// loads that only feed it, the zero tile.constant that starts an
// accumulator, and the stores of its results (Fixpipe); everything else is
// vector work. On SoCs that split cube and vector cores (910B/910C/950), a
// kernel that needs both is split into phases first (kernel_phases.h); a
// kernel that reaches an emitter still mixed is refused with a located error.
#pragma once

#include <string>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend::lower {

struct CoreUse {
  mlir::Operation *cube_op = nullptr;    // the first op that needs the cube, if any
  mlir::Operation *vector_op = nullptr;  // the first op that needs the vector unit, if any
  bool mixed() const { return cube_op && vector_op; }
  CoreKind kind() const { return cube_op ? CoreKind::kCube : CoreKind::kVector; }
};

/// `kernel` must have its helpers inlined.
CoreUse coreUse(mlir::func::FuncOp kernel);

/// True when `op` (a tile op) is cube work by the rule above.
bool needsCubeUnit(mlir::Operation *op);

/// For a mixed kernel on a target with split cores: emits the located
/// "[ascend.mixed-cores]" error at the vector op (naming the cube op) and
/// fails; otherwise succeeds.
mlir::LogicalResult checkCoreUse(mlir::func::FuncOp kernel, const AscendTarget &target);

}  // namespace kiln::ascend::lower
