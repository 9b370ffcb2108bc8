// State of one CUDA C function being written: value names, indentation,
// and the last Tile IR op a comment was written for.
#pragma once

#include <string>

#include "llvm/ADT/DenseMap.h"
#include "mlir/IR/Operation.h"

namespace kiln::lower {

class CudaWriter {
 public:
  std::string out;

  /// The C name of `value`, making one up on first use.
  std::string name(mlir::Value value);
  void setName(mlir::Value value, std::string name) { names_[value] = std::move(name); }
  std::string fresh(const char *prefix) { return prefix + std::to_string(counter_++); }

  void line(const std::string &text) { out += std::string(2 * indent_, ' ') + text + "\n"; }
  void open(const std::string &text) { line(text + " {"); ++indent_; }
  void close() { --indent_; line("}"); }
  /// "} else {" and the like.
  void reopen(const std::string &text) { --indent_; line("} " + text + " {"); ++indent_; }

  /// Writes "// tile.load at file:line:col" when `op` belongs to another
  /// Tile IR op than the previous statement.
  void commentFor(mlir::Operation *op);

  /// Statements for every op of `block` but its terminator.
  mlir::LogicalResult writeBlock(mlir::Block &block);
  mlir::LogicalResult writeOp(mlir::Operation *op);

 private:
  llvm::DenseMap<mlir::Value, std::string> names_;
  int counter_ = 0;
  int indent_ = 1;
  std::string lastComment_;
};

/// One statement for a scalar op (arith, math, memref, gpu ids); failure
/// with a diagnostic at the op when CUDA C has no spelling for it here.
mlir::LogicalResult writeScalarOp(CudaWriter &writer, mlir::Operation *op);

}  // namespace kiln::lower
