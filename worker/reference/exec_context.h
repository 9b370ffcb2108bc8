// What the interpreter and the op semantics share during one run: the SSA
// value map, the budgets, the grid instance being run, the call chain, and
// the way run-time errors become located diagnostics.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "worker/reference/reference_executor.h"
#include "worker/reference/runtime_value.h"
#include "llvm/ADT/DenseMap.h"

namespace kiln::reference {

/// The values of one function activation. Regions of scf ops see their
/// enclosing function's values, so one map serves a whole call.
using ValueMap = llvm::DenseMap<mlir::Value, RuntimeValue>;

class ExecContext {
 public:
  ExecContext(const ReferenceConfig &config, std::vector<Diagnostic> &diagnostics)
      : config_(config), diagnostics_(diagnostics) {}

  const ReferenceConfig &config() const { return config_; }

  void setInstance(const std::vector<int64_t> &coordinates) { instance_ = coordinates; }
  const std::vector<int64_t> &instance() const { return instance_; }

  /// The func.call ops between the kernel and the running function, for the
  /// "called from here" notes of an error.
  std::vector<mlir::Operation *> &callStack() { return callStack_; }

  /// Reports an error at `op` ("'tile.load' op <message>" with `opPrefix`),
  /// with notes naming the grid instance and the call chain. Always failure.
  mlir::LogicalResult fail(mlir::Operation *op, const std::string &message, bool opPrefix = true);
  /// "reference executor does not support 'dialect.op'".
  mlir::LogicalResult unsupported(mlir::Operation *op, const std::string &detail = {});

  /// Counts one executed op against max_executed_ops.
  mlir::LogicalResult chargeOp(mlir::Operation *op) {
    if (++executedOps_ <= config_.max_executed_ops) return mlir::success();
    return budgetExceeded(op, "ops", config_.max_executed_ops, "max_executed_ops");
  }
  /// Counts element operations against max_element_work.
  mlir::LogicalResult chargeWork(mlir::Operation *op, uint64_t elements) {
    elementWork_ += elements;
    if (elementWork_ <= config_.max_element_work) return mlir::success();
    return budgetExceeded(op, "element operations", config_.max_element_work, "max_element_work");
  }

 private:
  mlir::LogicalResult budgetExceeded(mlir::Operation *op, const char *what, uint64_t limit,
                                     const char *field);

  const ReferenceConfig &config_;
  std::vector<Diagnostic> &diagnostics_;
  std::vector<int64_t> instance_;
  std::vector<mlir::Operation *> callStack_;
  uint64_t executedOps_ = 0;
  uint64_t elementWork_ = 0;
};

/// Operand access that reports a missing or mistyped value at `op`. Verified
/// IR never triggers it; it keeps a broken invariant from becoming a crash.
const TileData *tileOperand(ExecContext &ctx, const ValueMap &values, mlir::Operation *op, mlir::Value v);
std::optional<int64_t> intOperand(ExecContext &ctx, const ValueMap &values, mlir::Operation *op, mlir::Value v);
std::optional<float> floatOperand(ExecContext &ctx, const ValueMap &values, mlir::Operation *op, mlir::Value v);

}  // namespace kiln::reference
