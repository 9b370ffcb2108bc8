// A C++ lexer for AscendC translation units, enough for kiln's static
// validations (ascendc_validation.h): comments, string and character
// literals (prefixes, escapes, raw strings), pp-numbers, identifiers,
// punctuators, preprocessor directive lines and line splices.
//
// Hand-written rather than clang's raw-mode Lexer: it keeps the thin `kiln`
// binary free of libclang-cpp (so `kiln check` on .cpp needs no hand-over to
// kiln-local), it has no global state or asserts to trip under a fuzzer, it
// turns every malformed construct into a located error instead of a token
// flag, and it is one pass over the bytes with no backtracking, so its cost
// is linear in the input. It does not expand macros, trigraphs or UCNs.
// MLIR-free.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kiln::ascend::validate {

enum class TokKind : uint8_t {
  kIdent,
  kNumber,
  kString,        // "..." with any prefix, raw strings included
  kChar,          // '...'
  kHeaderName,    // <...> after #include or inside __has_include(
  kPunct,
  kHash,          // the # that opens a directive
  kDirectiveEnd,  // the end of a directive's logical line
  kUnterminated,  // a " or ' literal that reaches the end of its line
  kOther,         // a stray character (@, `, a lone backslash)
};

struct Token {
  uint32_t offset = 0;
  uint32_t length = 0;
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in bytes
  TokKind kind = TokKind::kPunct;
  bool in_directive = false;  // part of a # line (the # and kDirectiveEnd included)
};

struct LexError {
  uint32_t line = 0, column = 0;
  std::string message;
};

struct LexResult {
  std::vector<Token> tokens;
  std::vector<LexError> errors;  // unterminated comments and raw strings, bad raw delimiters
};

/// Tokenizes `text`. Never throws; stops at the first error it cannot
/// recover from (an unterminated block comment or raw string).
LexResult lexCpp(std::string_view text);

inline std::string_view tokenText(std::string_view text, const Token &t) { return text.substr(t.offset, t.length); }

}  // namespace kiln::ascend::validate
