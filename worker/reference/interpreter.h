// Walks the ops of a function and runs them: scf.for, scf.if, func.call and
// the terminators here, tile and arith ops through their own files.
#pragma once

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "worker/reference/exec_context.h"

namespace kiln::reference {

class Interpreter {
 public:
  Interpreter(mlir::ModuleOp module, ExecContext &ctx) : symbols_(module), ctx_(ctx) {}

  /// Runs `func` on `args` and puts what it returns into `results`.
  mlir::LogicalResult call(mlir::func::FuncOp func, llvm::ArrayRef<RuntimeValue> args,
                           llvm::SmallVectorImpl<RuntimeValue> &results);

 private:
  /// Runs `block` with its arguments bound to `args`; the operands of its
  /// terminator (scf.yield or func.return) go to `yielded`.
  mlir::LogicalResult runBlock(mlir::Block &block, llvm::ArrayRef<RuntimeValue> args, ValueMap &values,
                               llvm::SmallVectorImpl<RuntimeValue> &yielded);
  mlir::LogicalResult execute(mlir::Operation &op, ValueMap &values);
  mlir::LogicalResult executeFor(mlir::scf::ForOp op, ValueMap &values);
  mlir::LogicalResult executeIf(mlir::scf::IfOp op, ValueMap &values);
  mlir::LogicalResult executeCall(mlir::func::CallOp op, ValueMap &values);
  /// The values of `operands`, in order; fails at `op` if one is missing.
  mlir::LogicalResult collect(mlir::Operation &op, mlir::ValueRange operands, const ValueMap &values,
                              llvm::SmallVectorImpl<RuntimeValue> &out);

  mlir::SymbolTable symbols_;
  ExecContext &ctx_;
  unsigned depth_ = 0;
};

}  // namespace kiln::reference
