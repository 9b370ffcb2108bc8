// Pieces both planners (NVIDIA shared memory, Ascend on-chip buffers) build
// a KernelPlan from. Planner-internal.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "core/diagnostic.h"
#include "worker/plan/memory_plan.h"
#include "worker/plan/tile_liveness.h"

namespace kiln::plan {

SourceLoc sourceLoc(mlir::Location loc);
Diagnostic located(mlir::Location loc, std::string message, Severity severity = Severity::kError);
DType dtypeOf(mlir::Type element);
std::vector<KernelParam> kernelParams(mlir::func::FuncOp kernel);
/// Name, grid and parameters; false (with a diagnostic) when a call was
/// left in the kernel.
bool startPlan(mlir::func::FuncOp kernel, KernelPlan &plan, std::vector<Diagnostic> &diagnostics);
/// A tile value's buffer shape fields (space, offset and liveness excluded).
Buffer bufferFor(mlir::Value value, int id);

/// An operand an op reads from a copy in another space: the Ascend planner
/// moves a UB tile to L0A before a matmul, for example.
struct StagedOperand {
  int buffer = 0;       // the copy
  std::string move_op;  // the move that fills it, e.g. "kiln.move_to_l0a"
};
using StagingMap = std::map<std::pair<mlir::Operation *, unsigned>, StagedOperand>;

/// One PlannedOp per op that touches a buffer, in program order; a staged
/// operand is read from its copy, which a move op fills just before.
void recordOps(const OpNumbering &numbering, const llvm::DenseMap<mlir::Value, int> &bufferOf,
               const StagingMap &staging, KernelPlan &plan);

/// The deliberately faulty mode of PlannerConfig: moves the second of the
/// first two buffers of one space that are live at once onto the first, so
/// tests can prove the oracle catches a planner bug.
void overlapFirstLivePair(KernelPlan &plan);

}  // namespace kiln::plan
