// Text-level helpers of the PTO-MLIR front end (pto_frontend.h): cutting the
// text into statements, bracket-aware searching inside one, and integers.
// Everything is iterative and linear in the input, because `kiln check`
// feeds it untrusted files (and the fuzzer feeds it worse).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kiln::oracle::pto {

/// One MLIR statement: a line, or several joined while a bracket stays open.
/// The lines are joined with '\n' so that a string never runs into the next.
struct Statement {
  std::string text;
  std::vector<std::pair<std::size_t, unsigned>> line_starts;  // (offset in text, 1-based line)
  // The outermost '(', '[' or '<' that was never closed, if any.
  std::optional<std::size_t> unclosed;
  int region_closes = 0;  // '}' that close a region opened earlier
  int region_opens = 0;   // '{' left open at the end: a region starts

  unsigned line() const { return line_starts.empty() ? 0 : line_starts.front().second; }
  /// 1-based (line, column) of `offset` in text.
  std::pair<unsigned, unsigned> position(std::size_t offset) const;
};

/// Comments dropped, blank lines skipped, continuation lines joined.
std::vector<Statement> splitStatements(std::string_view text);

inline bool isIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
         c == '.' || c == '-';
}
inline bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::size_t skipSpaces(std::string_view text, std::size_t from);
std::string_view trim(std::string_view text);

/// The first `c` at bracket depth 0 (outside (), [], {}, <> and strings) at
/// or after `from`, or npos.
std::size_t findTopLevel(std::string_view text, char c, std::size_t from = 0);
/// The first `->` at depth 0, or npos.
std::size_t findTopLevelArrow(std::string_view text, std::size_t from = 0);
/// The bracket closing the one at `open`, or npos.
std::size_t matchingClose(std::string_view text, std::size_t open);
/// `text` cut at depth-0 `sep`: (offset, length) of each piece, untrimmed.
std::vector<std::pair<std::size_t, std::size_t>> splitTopLevel(std::string_view text, char sep);
/// The word `word` standing alone (not part of an identifier) at depth 0 and
/// followed, after spaces, by `next` (when not '\0'); npos when absent.
std::size_t findKeyword(std::string_view text, std::string_view word, char next, std::size_t from = 0);

/// An SSA name (`%x`, `%12`, `%c-3`) starting at `at`; empty when none. A
/// result number (`%r#1`) is not part of it.
std::string_view ssaNameAt(std::string_view text, std::size_t at);

enum class IntStatus { kOk, kInvalid, kOverflow };
struct IntParse {
  IntStatus status = IntStatus::kInvalid;
  std::int64_t value = 0;
};
/// A whole decimal integer, optionally negative; no other characters.
IntParse parseInt64(std::string_view text);

}  // namespace kiln::oracle::pto
