#include "worker/oracle/ptx/ptx_tokens.h"

#include <charconv>
#include <initializer_list>

namespace kiln::oracle::ptx_tokens {
namespace {

// The character classes std::regex used, as it reads them in the "C"
// locale: ASCII only, whatever the process's locale is.
bool isDigit(char c) { return c >= '0' && c <= '9'; }                                // \d
bool isAlpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool isWord(char c) { return isAlpha(c) || isDigit(c) || c == '_'; }                 // \w
bool isIdentStart(char c) { return isAlpha(c) || c == '_' || c == '$'; }             // [A-Za-z_$]
bool isIdentChar(char c) { return isWord(c) || c == '$'; }                           // [\w$]
bool isModifierChar(char c) { return isAlpha(c) || isDigit(c) || c == ':'; }         // [A-Za-z0-9:]
bool isTypeLetter(char c) { return c == 'b' || c == 'u' || c == 's' || c == 'f'; }  // (b|u|s|f)
bool isSpace(char c) {                                                               // \s
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The first index at or after `i` (at most s.size()) whose character fails `pred`.
template <typename Pred>
std::size_t skip(std::string_view s, std::size_t i, Pred pred) {
  while (i < s.size() && pred(s[i])) ++i;
  return i;
}

// Whether `s` holds `word` at `i` (which may be s.size()).
bool hasAt(std::string_view s, std::size_t i, std::string_view word) { return s.substr(i, word.size()) == word; }

// \b at `i`: a word character on exactly one side of it.
bool wordBoundary(std::string_view s, std::size_t i) {
  bool left = i > 0 && isWord(s[i - 1]);
  bool right = i < s.size() && isWord(s[i]);
  return left != right;
}

// The end of the identifier ([A-Za-z_$][\w$]*) starting at `i`, or npos
// when none starts there.
std::size_t identifierEnd(std::string_view s, std::size_t i) {
  if (i >= s.size() || !isIdentStart(s[i])) return std::string_view::npos;
  return skip(s, i + 1, isIdentChar);
}

// `(w1|w2|...)\b` at `i` for digit strings of which none is a prefix of
// another: at most one can match, and \b after it means it is the whole run
// of word characters there. That run, or empty when it is none of them.
std::string_view widthAt(std::string_view s, std::size_t i, std::initializer_list<std::string_view> widths) {
  std::string_view run = s.substr(i, skip(s, i, isWord) - i);
  for (std::string_view width : widths)
    if (run == width) return run;
  return {};
}

int parseBits(std::string_view digits) {
  int bits = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), bits);
  return bits;
}

}  // namespace

// In every pattern here each part is followed by a character the part before
// it cannot hold (a greedy \s+ by a '.', a name by '[' or ';', ...), so
// reading each part greedily, left to right, finds the only way the pattern
// can match at a position, and failing there means the regex failed there.

std::optional<EntryToken> findEntry(std::string_view line) {
  for (std::size_t at = line.find(".entry"); at != std::string_view::npos; at = line.find(".entry", at + 1)) {
    std::size_t name = skip(line, at + 6, isSpace);
    if (name == at + 6) continue;  // \s+ needs one
    if (std::size_t end = identifierEnd(line, name); end != std::string_view::npos)
      return EntryToken{line.substr(name, end - name), name};
  }
  return std::nullopt;
}

std::optional<SharedToken> matchShared(std::string_view line) {
  SharedToken t;
  std::size_t i = skip(line, 0, isSpace);
  if (hasAt(line, i, ".extern")) {
    std::size_t after = skip(line, i + 7, isSpace);
    if (after == i + 7) return std::nullopt;  // without the group, `\.shared` cannot match ".extern" either
    t.is_extern = true;
    i = after;
  }
  if (!hasAt(line, i, ".shared")) return std::nullopt;
  std::size_t after = skip(line, i + 7, isSpace);
  if (after == i + 7) return std::nullopt;
  i = after;
  if (hasAt(line, i, ".align")) {  // all of `\.align\s+\d+\s+`, or no match: the type cannot start ".a"
    std::size_t digits = skip(line, i + 6, isSpace), digits_end = skip(line, digits, isDigit);
    if (digits == i + 6 || digits_end == digits) return std::nullopt;
    i = skip(line, digits_end, isSpace);
    if (i == digits_end) return std::nullopt;
  }
  // `\.(b|u|s|f)(8|16|32|64)\s+`: the width must end where whitespace begins.
  if (!hasAt(line, i, ".") || i + 1 >= line.size() || !isTypeLetter(line[i + 1])) return std::nullopt;
  std::size_t width = i + 2, width_end = width;
  for (std::string_view w : {"8", "16", "32", "64"})
    if (hasAt(line, width, w)) width_end = width + w.size();
  if (width_end == width || width_end >= line.size() || !isSpace(line[width_end])) return std::nullopt;
  t.type = line.substr(i + 1, width_end - i - 1);
  t.name_pos = skip(line, width_end, isSpace);
  std::size_t name_end = identifierEnd(line, t.name_pos);
  if (name_end == std::string_view::npos) return std::nullopt;
  t.name = line.substr(t.name_pos, name_end - t.name_pos);
  i = skip(line, name_end, isSpace);
  if (hasAt(line, i, "[")) {  // `\[\s*(\d*)\s*\]`, or no match: `\s*;` cannot match the '['
    std::size_t digits = skip(line, i + 1, isSpace), digits_end = skip(line, digits, isDigit);
    std::size_t close = skip(line, digits_end, isSpace);
    if (!hasAt(line, close, "]")) return std::nullopt;
    t.bracketed = true;
    t.count = line.substr(digits, digits_end - digits);
    i = skip(line, close + 1, isSpace);
  }
  if (!hasAt(line, i, ";")) return std::nullopt;
  return t;
}

std::optional<BarrierToken> matchBarrier(std::string_view line) {
  BarrierToken t;
  std::size_t i = skip(line, 0, isSpace);
  if (hasAt(line, i, "@")) {  // all of `@!?%\w+\s+`, or no match: `bar` cannot match the '@'
    std::size_t reg = i + 1 + (hasAt(line, i + 1, "!") ? 1 : 0);
    if (!hasAt(line, reg, "%")) return std::nullopt;
    std::size_t reg_end = skip(line, reg + 1, isWord);
    i = skip(line, reg_end, isSpace);
    if (reg_end == reg + 1 || i == reg_end) return std::nullopt;
    t.predicated = true;
  }
  // `bar` is tried first, but needs a '.' where `barrier` has its 'r': at
  // most one of them can go on to match.
  t.pos = i;
  i += hasAt(line, i, "barrier") ? 7 : hasAt(line, i, "bar") ? 3 : 0;
  if (i == t.pos) return std::nullopt;
  if (hasAt(line, i, ".cta")) i += 4;
  if (!hasAt(line, i, ".sync") || !wordBoundary(line, i + 5)) return std::nullopt;
  return t;
}

std::optional<AccessToken> findAccess(std::string_view text, std::size_t from) {
  for (std::size_t at = from; at < text.size(); ++at) {
    // \b before the 'l' or 's': nothing counts before `from`.
    if (at > from && isWord(text[at - 1])) continue;
    if (!hasAt(text, at, "ld.shared") && !hasAt(text, at, "st.shared")) continue;
    std::size_t i = at + 9;  // `(?:\.[A-Za-z0-9:]+)*`: a '.' joins only with what follows it
    while (hasAt(text, i, ".") && i + 1 < text.size() && isModifierChar(text[i + 1]))
      i = skip(text, i + 1, isModifierChar);
    std::size_t operands = skip(text, i, isSpace);
    if (operands == i) {
      // No whitespace after the opcode. Any `ld.shared` that starts inside
      // it reads on to the same `i` and fails the same way, so the search
      // resumes there; trying each of them would be quadratic in the line.
      at = i - 1;
      continue;
    }
    // `\s+([^;]*);` never crosses a ';', so it ends at the first one; when
    // there is none, no later position can match either.
    std::size_t semicolon = text.find(';', operands);
    if (semicolon == std::string_view::npos) return std::nullopt;
    return AccessToken{text.substr(at, i - at), at, text.substr(operands, semicolon - operands), semicolon + 1};
  }
  return std::nullopt;
}

std::optional<AddressToken> findAddress(std::string_view operands) {
  for (std::size_t at = operands.find('['); at != std::string_view::npos; at = operands.find('[', at + 1)) {
    AddressToken t;
    std::size_t symbol = skip(operands, at + 1, isSpace);
    std::size_t symbol_end =
        hasAt(operands, symbol, "%") ? skip(operands, symbol + 1, isIdentChar) : identifierEnd(operands, symbol);
    if (symbol_end == std::string_view::npos) continue;
    t.symbol = operands.substr(symbol, symbol_end - symbol);
    std::size_t i = skip(operands, symbol_end, isSpace);
    if (hasAt(operands, i, "+") || hasAt(operands, i, "-")) {
      // All of `([+-])\s*(\d+)\s*\]`, or no match here: `\]` cannot match the sign.
      t.sign = operands[i];
      std::size_t digits = skip(operands, i + 1, isSpace), digits_end = skip(operands, digits, isDigit);
      if (digits_end == digits) continue;
      t.digits = operands.substr(digits, digits_end - digits);
      i = skip(operands, digits_end, isSpace);
    }
    if (hasAt(operands, i, "]")) return t;
  }
  return std::nullopt;
}

std::int64_t elementBytes(std::string_view type) { return parseBits(type.substr(1)) / 8; }

std::int64_t accessWidth(std::string_view opcode) {
  // Every match of either pattern starts at a '.' and holds no other, so
  // looking at each '.' in turn sees them all, in order.
  std::int64_t lanes = 0, bytes = 4;
  for (std::size_t dot = opcode.find('.'); dot != std::string_view::npos; dot = opcode.find('.', dot + 1)) {
    if (lanes == 0 && hasAt(opcode, dot + 1, "v"))
      if (std::string_view n = widthAt(opcode, dot + 2, {"2", "4", "8"}); !n.empty()) lanes = parseBits(n);
    if (dot + 1 < opcode.size() && isTypeLetter(opcode[dot + 1]))
      if (std::string_view n = widthAt(opcode, dot + 2, {"8", "16", "32", "64", "128"}); !n.empty())
        bytes = parseBits(n) / 8;
  }
  return (lanes == 0 ? 1 : lanes) * bytes;
}

}  // namespace kiln::oracle::ptx_tokens
