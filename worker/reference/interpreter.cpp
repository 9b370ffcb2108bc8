#include "worker/reference/interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "worker/ir/tile_dialect.h"
#include "worker/reference/arith_ops.h"
#include "worker/reference/tile_ops.h"

namespace kiln::reference {

mlir::LogicalResult Interpreter::call(mlir::func::FuncOp func, llvm::ArrayRef<RuntimeValue> args,
                                      llvm::SmallVectorImpl<RuntimeValue> &results) {
  if (func.isExternal())
    return ctx_.fail(func, "function @" + func.getSymName().str() + " has no body to run");
  if (!func.getBody().hasOneBlock())
    return ctx_.unsupported(func, "with more than one block");
  ValueMap values;
  return runBlock(func.getBody().front(), args, values, results);
}

mlir::LogicalResult Interpreter::collect(mlir::Operation &op, mlir::ValueRange operands,
                                         const ValueMap &values, llvm::SmallVectorImpl<RuntimeValue> &out) {
  out.clear();
  for (mlir::Value v : operands) {
    auto it = values.find(v);
    if (it == values.end()) return ctx_.fail(&op, "internal error: an operand has no value");
    out.push_back(it->second);
  }
  return mlir::success();
}

mlir::LogicalResult Interpreter::runBlock(mlir::Block &block, llvm::ArrayRef<RuntimeValue> args,
                                          ValueMap &values, llvm::SmallVectorImpl<RuntimeValue> &yielded) {
  if (args.size() != block.getNumArguments())
    return ctx_.fail(block.getParentOp(), "internal error: a block got " + std::to_string(args.size()) +
                                              " arguments for " + std::to_string(block.getNumArguments()));
  for (auto [arg, value] : llvm::zip(block.getArguments(), args)) values[arg] = value;
  for (mlir::Operation &op : block) {
    if (mlir::failed(ctx_.chargeOp(&op))) return mlir::failure();
    if (llvm::isa<mlir::scf::YieldOp, mlir::func::ReturnOp>(op))
      return collect(op, op.getOperands(), values, yielded);
    if (mlir::failed(execute(op, values))) return mlir::failure();
  }
  return ctx_.fail(block.getParentOp(), "internal error: a block ends without a terminator");
}

mlir::LogicalResult Interpreter::execute(mlir::Operation &op, ValueMap &values) {
  if (auto forOp = llvm::dyn_cast<mlir::scf::ForOp>(op)) return executeFor(forOp, values);
  if (auto ifOp = llvm::dyn_cast<mlir::scf::IfOp>(op)) return executeIf(ifOp, values);
  if (auto callOp = llvm::dyn_cast<mlir::func::CallOp>(op)) return executeCall(callOp, values);
  mlir::Dialect *dialect = op.getDialect();
  if (llvm::isa_and_nonnull<tile::TileDialect>(dialect)) return executeTileOp(op, values, ctx_);
  if (llvm::isa_and_nonnull<mlir::arith::ArithDialect>(dialect)) return executeArithOp(op, values, ctx_);
  return ctx_.unsupported(&op);
}

mlir::LogicalResult Interpreter::executeFor(mlir::scf::ForOp op, ValueMap &values) {
  auto lower = intOperand(ctx_, values, op, op.getLowerBound());
  auto upper = lower ? intOperand(ctx_, values, op, op.getUpperBound()) : std::nullopt;
  auto step = upper ? intOperand(ctx_, values, op, op.getStep()) : std::nullopt;
  if (!step) return mlir::failure();
  if (*step <= 0) return ctx_.fail(op, "step must be positive, got " + std::to_string(*step));

  llvm::SmallVector<RuntimeValue, 4> args, yielded;
  args.push_back(int64_t{0});
  if (mlir::failed(collect(*op, op.getInitArgs(), values, yielded))) return mlir::failure();
  for (int64_t iv = *lower; iv < *upper;) {
    args.resize(1);
    args[0] = iv;
    args.append(yielded.begin(), yielded.end());
    if (mlir::failed(runBlock(*op.getBody(), args, values, yielded))) return mlir::failure();
    // An induction variable that would overflow has run past any bound.
    if (__builtin_add_overflow(iv, *step, &iv)) break;
  }
  for (auto [result, value] : llvm::zip(op.getResults(), yielded)) values[result] = value;
  return mlir::success();
}

mlir::LogicalResult Interpreter::executeIf(mlir::scf::IfOp op, ValueMap &values) {
  auto condition = intOperand(ctx_, values, op, op.getCondition());
  if (!condition) return mlir::failure();
  mlir::Region &region = *condition ? op.getThenRegion() : op.getElseRegion();
  if (region.empty()) return mlir::success();  // no else and no results
  llvm::SmallVector<RuntimeValue, 4> yielded;
  if (mlir::failed(runBlock(region.front(), {}, values, yielded))) return mlir::failure();
  for (auto [result, value] : llvm::zip(op.getResults(), yielded)) values[result] = value;
  return mlir::success();
}

mlir::LogicalResult Interpreter::executeCall(mlir::func::CallOp op, ValueMap &values) {
  auto callee = symbols_.lookup<mlir::func::FuncOp>(op.getCallee());
  if (!callee) return ctx_.fail(op, "callee @" + op.getCallee().str() + " is not a function of this module");
  if (depth_ >= ctx_.config().max_call_depth)
    return ctx_.fail(op, "call depth exceeds the reference executor's limit of " +
                             std::to_string(ctx_.config().max_call_depth) +
                             " (ReferenceConfig::max_call_depth)");
  llvm::SmallVector<RuntimeValue, 4> args, results;
  if (mlir::failed(collect(*op, op.getOperands(), values, args))) return mlir::failure();
  ++depth_;
  ctx_.callStack().push_back(op);
  mlir::LogicalResult status = call(callee, args, results);
  ctx_.callStack().pop_back();
  --depth_;
  if (mlir::failed(status)) return mlir::failure();
  if (results.size() != op.getNumResults())
    return ctx_.fail(op, "internal error: @" + op.getCallee().str() + " returned " +
                             std::to_string(results.size()) + " values");
  for (auto [result, value] : llvm::zip(op.getResults(), results)) values[result] = value;
  return mlir::success();
}

}  // namespace kiln::reference
