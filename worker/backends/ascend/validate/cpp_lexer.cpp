#include "worker/backends/ascend/validate/cpp_lexer.h"

#include <algorithm>
#include <array>

namespace kiln::ascend::validate {
namespace {

bool identStart(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c >= 0x80; }
bool identChar(unsigned char c) { return identStart(c) || (c >= '0' && c <= '9'); }
bool digit(unsigned char c) { return c >= '0' && c <= '9'; }

class Lexer {
 public:
  explicit Lexer(std::string_view text) : s_(text) { out_.tokens.reserve(text.size() / 4 + 16); }

  LexResult run() {
    while (pos_ < s_.size()) {
      if (!step()) break;
    }
    if (in_directive_) emit(TokKind::kDirectiveEnd, pos_, 0);
    return std::move(out_);
  }

 private:
  std::string_view s_;
  size_t pos_ = 0;
  uint32_t line_ = 1;
  size_t line_start_ = 0;
  bool at_line_start_ = true;  // no token yet on this logical line
  bool in_directive_ = false;
  int directive_tokens_ = 0;  // tokens after the # on this directive line
  bool header_name_next_ = false;
  LexResult out_;

  char at(size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
  uint32_t column(size_t offset) const { return static_cast<uint32_t>(offset - line_start_ + 1); }

  void newline(size_t at_newline) {
    ++line_;
    line_start_ = at_newline + 1;
  }

  // A backslash-newline at i: its length (2 or 3), else 0.
  size_t splice(size_t i) const {
    if (at(i) != '\\') return 0;
    if (at(i + 1) == '\n') return 2;
    if (at(i + 1) == '\r' && at(i + 2) == '\n') return 3;
    return 0;
  }

  void error(uint32_t line, uint32_t col, std::string message) { out_.errors.push_back({line, col, std::move(message)}); }

  void emit(TokKind kind, size_t begin, size_t length, uint32_t line, uint32_t col) {
    Token t;
    t.offset = static_cast<uint32_t>(begin);
    t.length = static_cast<uint32_t>(length);
    t.line = line;
    t.column = col;
    t.kind = kind;
    t.in_directive = in_directive_;
    out_.tokens.push_back(t);
    if (in_directive_ && kind != TokKind::kHash && kind != TokKind::kDirectiveEnd) ++directive_tokens_;
    at_line_start_ = false;
  }
  void emit(TokKind kind, size_t begin, size_t length) { emit(kind, begin, length, line_, column(begin)); }

  // Skips to the end of the logical line (splices continue it), leaving pos_ at the '\n'.
  void skipRestOfLine() {
    while (pos_ < s_.size() && s_[pos_] != '\n') {
      if (size_t n = splice(pos_)) {
        newline(pos_ + n - 1);
        pos_ += n;
        continue;
      }
      ++pos_;
    }
  }

  bool step() {
    char c = s_[pos_];
    if (c == '\n') {
      if (in_directive_) {
        emit(TokKind::kDirectiveEnd, pos_, 0);
        in_directive_ = false;
      }
      newline(pos_);
      ++pos_;
      at_line_start_ = true;
      header_name_next_ = false;
      return true;
    }
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      ++pos_;
      return true;
    }
    if (size_t n = splice(pos_)) {
      newline(pos_ + n - 1);
      pos_ += n;
      return true;
    }
    if (c == '/' && at(pos_ + 1) == '/') {
      skipRestOfLine();
      return true;
    }
    if (c == '/' && at(pos_ + 1) == '*') return blockComment();
    if ((c == '#' || (c == '%' && at(pos_ + 1) == ':')) && at_line_start_) {
      in_directive_ = true;
      directive_tokens_ = 0;
      emit(TokKind::kHash, pos_, c == '#' ? 1 : 2);
      pos_ += c == '#' ? 1 : 2;
      return true;
    }
    if (header_name_next_ && c == '<') {
      header_name_next_ = false;
      size_t end = pos_ + 1;
      while (end < s_.size() && s_[end] != '>' && s_[end] != '\n') ++end;
      if (at(end) == '>') {
        emit(TokKind::kHeaderName, pos_, end + 1 - pos_);
        pos_ = end + 1;
        return true;
      }
    }
    header_name_next_ = false;
    if (identStart(static_cast<unsigned char>(c))) return identifierOrPrefixed();
    if (digit(static_cast<unsigned char>(c)) || (c == '.' && digit(static_cast<unsigned char>(at(pos_ + 1))))) {
      number();
      return true;
    }
    if (c == '"') return quoted(pos_, pos_, '"');
    if (c == '\'') return quoted(pos_, pos_, '\'');
    punctuator();
    return true;
  }

  bool blockComment() {
    uint32_t line = line_, col = column(pos_);
    size_t end = s_.find("*/", pos_ + 2);
    size_t stop = end == std::string_view::npos ? s_.size() : end + 2;
    for (size_t i = pos_ + 2; i < stop; ++i)
      if (s_[i] == '\n') newline(i);
    pos_ = stop;
    if (end == std::string_view::npos) {
      error(line, col, "unterminated /* comment: it runs to the end of the file");
      return false;
    }
    return true;
  }

  bool identifierOrPrefixed() {
    size_t begin = pos_, end = pos_;
    while (end < s_.size() && identChar(static_cast<unsigned char>(s_[end]))) ++end;
    std::string_view word = s_.substr(begin, end - begin);
    char next = at(end);
    if (next == '"' || next == '\'') {
      static constexpr std::array<std::string_view, 5> kPrefixes = {"u8", "u", "U", "L", ""};
      static constexpr std::array<std::string_view, 4> kRaw = {"u8R", "uR", "UR", "LR"};
      if (next == '"' && (word == "R" || std::find(kRaw.begin(), kRaw.end(), word) != kRaw.end()))
        return rawString(begin, end);
      if (std::find(kPrefixes.begin(), kPrefixes.end(), word) != kPrefixes.end()) return quoted(begin, end, next);
    }
    emit(TokKind::kIdent, begin, end - begin);
    pos_ = end;
    if (in_directive_) {
      // #include <x>, #include_next <x>, #import <x>, #embed <x>: a header name follows.
      if (directive_tokens_ == 1 && (word == "include" || word == "include_next" || word == "import" || word == "embed"))
        header_name_next_ = true;
      if (word == "error" || word == "warning") {
        if (directive_tokens_ == 1) skipRestOfLine();  // free text, apostrophes and all
      }
    }
    return true;
  }

  // A "..." or '...' literal whose quote is at `quote` (prefix from `begin`).
  bool quoted(size_t begin, size_t quote, char delim) {
    uint32_t line = line_, col = column(begin);
    size_t i = quote + 1;
    while (i < s_.size()) {
      char c = s_[i];
      if (c == delim) {
        emit(delim == '"' ? TokKind::kString : TokKind::kChar, begin, i + 1 - begin, line, col);
        pos_ = i + 1;
        return true;
      }
      if (c == '\n') break;
      if (c == '\\') {
        if (size_t n = splice(i)) {
          newline(i + n - 1);
          i += n;
          continue;
        }
        i += 2;
        continue;
      }
      ++i;
    }
    if (i > s_.size()) i = s_.size();
    emit(TokKind::kUnterminated, begin, i - begin, line, col);
    pos_ = i;
    return true;
  }

  bool rawString(size_t begin, size_t quote) {
    uint32_t line = line_, col = column(begin);
    size_t open = quote + 1;
    size_t paren = open;
    while (paren < s_.size() && paren - open <= 16) {
      char c = s_[paren];
      if (c == '(' ) break;
      if (c == ' ' || c == ')' || c == '\\' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '"') {
        paren = s_.size();
        break;
      }
      ++paren;
    }
    if (paren >= s_.size() || s_[paren] != '(' || paren - open > 16) {
      error(line, col, "invalid raw string delimiter: at most 16 characters, none of space, (, ), \\ or \", then (");
      return false;
    }
    std::string closing = ")" + std::string(s_.substr(open, paren - open)) + "\"";
    size_t end = s_.find(closing, paren + 1);
    size_t stop = end == std::string_view::npos ? s_.size() : end + closing.size();
    for (size_t i = paren; i < stop; ++i)
      if (s_[i] == '\n') newline(i);
    if (end == std::string_view::npos) {
      pos_ = s_.size();
      error(line, col, "unterminated raw string literal: no " + closing + " before the end of the file");
      return false;
    }
    emit(TokKind::kString, begin, stop - begin, line, col);
    pos_ = stop;
    return true;
  }

  void number() {
    size_t begin = pos_, i = pos_;
    while (i < s_.size()) {
      unsigned char c = static_cast<unsigned char>(s_[i]);
      if ((c == '+' || c == '-') && i > begin) {
        char prev = s_[i - 1];
        if (prev == 'e' || prev == 'E' || prev == 'p' || prev == 'P') {
          ++i;
          continue;
        }
        break;
      }
      if (c == '\'' && i + 1 < s_.size() && identChar(static_cast<unsigned char>(s_[i + 1]))) {
        i += 2;
        continue;
      }
      if (identChar(c) || c == '.') {
        ++i;
        continue;
      }
      break;
    }
    emit(TokKind::kNumber, begin, i - begin);
    pos_ = i;
  }

  void punctuator() {
    static constexpr std::array<std::string_view, 5> kThree = {"<<=", ">>=", "...", "->*", "<=>"};
    static constexpr std::array<std::string_view, 22> kTwo = {"::", "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=",
                                                              "&&", "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
                                                              "##", ".*"};
    std::string_view rest = s_.substr(pos_, 3);
    size_t len = 1;
    for (std::string_view p : kThree)
      if (rest.substr(0, 3) == p) len = 3;
    if (len == 1)
      for (std::string_view p : kTwo)
        if (rest.substr(0, 2) == p) len = 2;
    char c = s_[pos_];
    bool plain = len > 1 || std::string_view("{}[]()<>;:,.?~!+-*/%^&|=#").find(c) != std::string_view::npos;
    emit(plain ? TokKind::kPunct : TokKind::kOther, pos_, len);
    pos_ += len;
    // __has_include( <x> ) inside a directive.
    if (in_directive_ && c == '(' && out_.tokens.size() >= 2) {
      const Token &prev = out_.tokens[out_.tokens.size() - 2];
      std::string_view word = s_.substr(prev.offset, prev.length);
      if (prev.kind == TokKind::kIdent && (word == "__has_include" || word == "__has_include_next"))
        header_name_next_ = true;
    }
  }
};

}  // namespace

LexResult lexCpp(std::string_view text) { return Lexer(text).run(); }

}  // namespace kiln::ascend::validate
