#include "worker/reference/exec_context.h"

#include "worker/ir/mlir_diagnostics.h"

namespace kiln::reference {
namespace {

void locate(Diagnostic &d, mlir::Location loc) {
  if (auto fileLoc = firstFileLocation(loc)) {
    d.file = fileLoc->getFilename().str();
    d.line = fileLoc->getLine();
    d.column = fileLoc->getColumn();
  }
}

std::string opName(mlir::Operation *op) { return op->getName().getStringRef().str(); }

}  // namespace

mlir::LogicalResult ExecContext::fail(mlir::Operation *op, const std::string &message, bool opPrefix) {
  Diagnostic d;
  d.severity = Severity::kError;
  d.message = opPrefix ? "'" + opName(op) + "' op " + message : message;
  locate(d, op->getLoc());

  Diagnostic instance;
  instance.severity = Severity::kNote;
  instance.message = "in grid instance (";
  for (size_t k = 0; k < instance_.size(); ++k)
    instance.message += (k ? ", " : "") + std::to_string(instance_[k]);
  instance.message += ")";
  d.notes.push_back(std::move(instance));

  for (auto it = callStack_.rbegin(); it != callStack_.rend(); ++it) {
    Diagnostic call;
    call.severity = Severity::kNote;
    call.message = "called from here";
    locate(call, (*it)->getLoc());
    d.notes.push_back(std::move(call));
  }
  diagnostics_.push_back(std::move(d));
  return mlir::failure();
}

mlir::LogicalResult ExecContext::unsupported(mlir::Operation *op, const std::string &detail) {
  std::string message = "reference executor does not support '" + opName(op) + "'";
  if (!detail.empty()) message += " " + detail;
  return fail(op, message, /*opPrefix=*/false);
}

mlir::LogicalResult ExecContext::budgetExceeded(mlir::Operation *op, const char *what, uint64_t limit,
                                                const char *field) {
  return fail(op,
              std::string("reference executor stopped: the run exceeded its budget of ") +
                  std::to_string(limit) + " " + what + " (ReferenceConfig::" + field +
                  "); a loop that long cannot be a useful reference",
              /*opPrefix=*/false);
}

namespace {
const RuntimeValue *lookup(ExecContext &ctx, const ValueMap &values, mlir::Operation *op, mlir::Value v) {
  auto it = values.find(v);
  if (it != values.end()) return &it->second;
  (void)ctx.fail(op, "internal error: an operand has no value");
  return nullptr;
}
}  // namespace

const TileData *tileOperand(ExecContext &ctx, const ValueMap &values, mlir::Operation *op, mlir::Value v) {
  const RuntimeValue *value = lookup(ctx, values, op, v);
  if (!value) return nullptr;
  if (auto *tile = std::get_if<TileRef>(value); tile && *tile) return tile->get();
  (void)ctx.fail(op, "internal error: an operand is not a tile");
  return nullptr;
}

std::optional<int64_t> intOperand(ExecContext &ctx, const ValueMap &values, mlir::Operation *op, mlir::Value v) {
  const RuntimeValue *value = lookup(ctx, values, op, v);
  if (!value) return std::nullopt;
  if (auto *i = std::get_if<int64_t>(value)) return *i;
  (void)ctx.fail(op, "internal error: an operand is not an integer");
  return std::nullopt;
}

std::optional<float> floatOperand(ExecContext &ctx, const ValueMap &values, mlir::Operation *op, mlir::Value v) {
  const RuntimeValue *value = lookup(ctx, values, op, v);
  if (!value) return std::nullopt;
  if (auto *f = std::get_if<float>(value)) return *f;
  (void)ctx.fail(op, "internal error: an operand is not a float");
  return std::nullopt;
}

}  // namespace kiln::reference
