// The text side of the PTO emitter: SSA names for Tile IR values, integer
// and float constants hoisted to the top of the function (so they dominate
// every use, in loops and branches too), indented body lines, and the
// `// @kiln.loc FILE:LINE:COL` comment before each Tile IR op's lines that
// the ptoas/bisheng driver maps tool diagnostics back through.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "llvm/ADT/DenseMap.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/Value.h"

namespace kiln::ascend::lower::pto {

/// `FILE:LINE:COL` of the first file location in `loc`, FILE reduced to
/// [A-Za-z0-9_./-] (anything else becomes '_'), so a request's file name
/// can never end the comment or inject text; "" when `loc` has none.
std::string locationText(mlir::Location loc);

class PtoTextWriter {
 public:
  /// A new SSA name `%<stem><n>`, unique in the function.
  std::string fresh(const std::string &stem);
  void setName(mlir::Value value, std::string name) { names_[value] = std::move(name); }
  /// The name given to `value`, or "" when it has none.
  std::string name(mlir::Value value) const;

  std::string indexConstant(int64_t value);  // %c32 : index
  std::string i64Constant(int64_t value);    // %c4096_i64 : i64 (PlanMemory's spelling for addresses)
  /// An arith.constant of an integer or float attribute of any width.
  std::string constant(mlir::TypedAttr value);

  /// The op whose lines come next; its location comment is written before
  /// the first of them (and not at all if it writes none).
  void startOp(mlir::Location loc);
  void line(const std::string &text);
  void open(const std::string &text);  // `text {`, one level deeper
  void reopen(const std::string &text);  // `} text {` at the same level (else)
  void close();                          // `}`

  /// Each piece indented for a function body.
  std::string constantsText() const;
  std::string bodyText() const { return body_; }

 private:
  void writeLocation();

  llvm::DenseMap<mlir::Value, std::string> names_;
  std::map<std::string, int> counters_;
  std::vector<std::string> constant_lines_;
  std::map<std::string, std::string> constants_;  // "value : type" -> name
  std::string body_;
  int depth_ = 2;
  std::string pending_location_;
};

}  // namespace kiln::ascend::lower::pto
