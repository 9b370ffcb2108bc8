// Integer constant expressions over a token span, for #if conditions and
// for the sizes and counts the checks bound (InitBuffer lengths, DataCopy
// counts, TQue depths). Three-valued: a value, or "cannot tell" (nullopt),
// never a guess. Knows integer literals (any base, separators, suffixes),
// the arithmetic, bitwise, shift, comparison, logical and ?: operators,
// sizeof of the AscendC scalar types, static_cast/functional/C-style casts
// to integer types (the value passes through), and, in #if mode, defined X
// and the __has_* forms (cannot tell). Identifiers are resolved by the
// caller. Recursion is bounded and every step is charged to a shared
// budget, so hostile nesting or macro chains end in "cannot tell".
// MLIR-free.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string_view>

#include "worker/backends/ascend/validate/cpp_lexer.h"

namespace kiln::ascend::validate {

using Value = std::optional<int64_t>;

/// Bytes of an AscendC/C++ scalar type name ("half", "float", "int32_t",
/// "bfloat16_t", ...), or 0 when it is not one.
int64_t scalarTypeBytes(std::string_view name);

/// The value of one integer literal token ("0x20", "1'024u", "8ULL"), or nullopt.
Value parseIntegerLiteral(std::string_view spelling);

struct EvalContext {
  std::string_view text;          // the source the tokens point into
  bool preprocessor = false;      // #if mode: defined, __has_*, identifiers through `identifier`
  std::function<Value(std::string_view)> identifier;  // a name's value, or nullopt
  std::function<Value(std::string_view)> defined;     // #if: 1, 0, or nullopt (cannot tell)
  std::function<int64_t(std::string_view)> type_bytes;  // sizeof(name) beyond the scalar types; 0: unknown
  int64_t *budget = nullptr;      // steps left; at 0 every evaluation is "cannot tell"
};

/// Evaluates tokens [0, size) of `tokens` as one expression; nullopt unless
/// the whole span is a well-formed expression with a known value.
Value evaluate(const EvalContext &context, std::span<const Token> tokens);

}  // namespace kiln::ascend::validate
