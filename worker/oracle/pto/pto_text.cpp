#include "worker/oracle/pto/pto_text.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace kiln::oracle::pto {
namespace {

constexpr std::size_t npos = std::string_view::npos;

// Strings never span lines in MLIR; stopping at '\n' keeps a stray quote
// from swallowing the statements after it.
std::size_t skipString(std::string_view text, std::size_t quote) {
  std::size_t i = quote + 1;
  while (i < text.size() && text[i] != '"' && text[i] != '\n') i += text[i] == '\\' ? 2 : 1;
  if (i < text.size() && text[i] == '"') ++i;
  return std::min(i, text.size());
}

// `->`, `>=` and `<=` are operators, not brackets (`(i32) -> !pto.tile_buf<...>`).
bool isOperatorAngle(std::string_view text, std::size_t i) {
  if (text[i] == '>') return (i > 0 && text[i - 1] == '-') || (i + 1 < text.size() && text[i + 1] == '=');
  return text[i] == '<' && i + 1 < text.size() && text[i + 1] == '=';
}

bool isOpener(char c) { return c == '(' || c == '[' || c == '{' || c == '<'; }
bool isCloser(char c) { return c == ')' || c == ']' || c == '}' || c == '>'; }

// Calls `visit(index, depth)` for each character outside strings, with the
// depth before that character; stops when `visit` returns true.
template <typename Visit>
std::size_t walk(std::string_view text, std::size_t from, Visit visit) {
  int depth = 0;
  for (std::size_t i = from; i < text.size();) {
    char c = text[i];
    if (c == '"') {
      i = skipString(text, i);
      continue;
    }
    if (visit(i, depth)) return i;
    bool bracket = !((c == '<' || c == '>') && isOperatorAngle(text, i));
    if (bracket && isOpener(c)) ++depth;
    if (bracket && isCloser(c) && depth > 0) --depth;
    ++i;
  }
  return npos;
}

std::string_view stripComment(std::string_view line) {
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    if (line[i] == '"') {
      i = skipString(line, i) - 1;
    } else if (line[i] == '/' && line[i + 1] == '/') {
      return line.substr(0, i);
    }
  }
  return line;
}

// `%a, %b:2 =`: the start of a statement with results.
bool startsAssignment(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && line[i] == '%') {
    std::string_view name = ssaNameAt(line, i);
    if (name.empty()) return false;
    i = skipSpaces(line, i + name.size());
    if (i < line.size() && line[i] == ':') {
      i = skipSpaces(line, i + 1);
      while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
      i = skipSpaces(line, i);
    }
    if (i < line.size() && line[i] == ',') {
      i = skipSpaces(line, i + 1);
      continue;
    }
    return i < line.size() && line[i] == '=' && (i + 1 == line.size() || line[i + 1] != '=');
  }
  return false;
}

// `pto.tstore ins(...`, `scf.yield`, `return`: an op without results. A
// dotted word followed by '=' is an attribute (`pto.kernel_kind = ...`).
bool startsBareOp(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && isIdentChar(line[i])) ++i;
  std::string_view word = line.substr(0, i);
  if (word.empty() || !((word[0] >= 'a' && word[0] <= 'z') || (word[0] >= 'A' && word[0] <= 'Z'))) return false;
  std::size_t next = skipSpaces(line, i);
  if (next < line.size() && (line[next] == '=' || line[next] == '<' || line[next] == ',' || line[next] == ':'))
    return false;
  if (word == "return") return true;
  return word.find('.') != npos && (i == line.size() || isSpace(line[i]) || line[i] == '(' || line[i] == '[' ||
                                    line[i] == '{');
}

// A line that cannot continue a statement whose brackets are still open.
bool startsStatement(std::string_view line) {
  return startsAssignment(line) || line.front() == '}' || line.front() == '^' || line.rfind("func.func", 0) == 0 ||
         line.rfind("module", 0) == 0 || startsBareOp(line);
}

// A line no statement starts with: the rest of an op spread over lines with
// its brackets balanced at each line end (`ins(...)` then `outs(...)`).
bool continuesStatement(std::string_view line) {
  if (line.front() == ':' || line.rfind("->", 0) == 0) return true;
  for (std::string_view keyword : {"ins", "outs"})
    if (line.rfind(keyword, 0) == 0) {
      std::size_t paren = skipSpaces(line, keyword.size());
      if (paren < line.size() && line[paren] == '(') return true;
    }
  return false;
}

// `name = ...` after a trailing '{': an attribute dictionary spread over
// lines, not a region (whose lines start with '%', an op, '}' or '^').
bool startsAttribute(std::string_view line) {
  std::size_t i = 0;
  while (i < line.size() && isIdentChar(line[i])) ++i;
  if (i == 0 || line[0] == '-' || line[0] == '.') return false;
  i = skipSpaces(line, i);
  return i < line.size() && line[i] == '=' && (i + 1 == line.size() || line[i + 1] != '=');
}

// Tracks brackets over a statement as lines are appended to it.
class BracketScanner {
 public:
  void feed(std::string_view text, std::size_t from) {
    for (std::size_t i = from; i < text.size();) {
      char c = text[i];
      if (c == '"') {
        i = skipString(text, i);
        continue;
      }
      if (c == '{') ++braces_;
      if (c == '}') braces_ > 0 ? --braces_ : ++closes_;
      bool angle = c == '<' || c == '>';
      if (!(angle && isOperatorAngle(text, i))) {
        if (c == '(' || c == '[' || c == '<') stack_.push_back({c, i});
        if (c == ')' || c == ']' || c == '>') close(c);
      }
      ++i;
    }
  }
  bool open() const { return !stack_.empty(); }
  int braces() const { return braces_; }
  void finish(Statement &statement) const {
    std::optional<std::size_t> unclosed = unclosed_;
    if (!stack_.empty()) unclosed = std::min(unclosed.value_or(npos), stack_.front().second);
    statement.unclosed = unclosed;
    statement.region_closes = closes_;
    statement.region_opens = braces_;
  }

 private:
  void close(char closer) {
    char opener = closer == ')' ? '(' : closer == ']' ? '[' : '<';
    // A stray '>' is more likely text than a sign of a missing '(' close.
    if (closer == '>' && (stack_.empty() || stack_.back().first != '<')) return;
    auto match = std::find_if(stack_.rbegin(), stack_.rend(), [&](const auto &e) { return e.first == opener; });
    if (match == stack_.rend()) return;
    std::size_t keep = static_cast<std::size_t>(stack_.rend() - match) - 1;
    if (keep + 1 < stack_.size()) unclosed_ = std::min(unclosed_.value_or(npos), stack_[keep + 1].second);
    stack_.resize(keep);
  }

  std::vector<std::pair<char, std::size_t>> stack_;
  std::optional<std::size_t> unclosed_;
  int braces_ = 0;
  int closes_ = 0;
};

std::vector<std::pair<std::string_view, unsigned>> codeLines(std::string_view text) {
  std::vector<std::pair<std::string_view, unsigned>> out;
  unsigned number = 0;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t end = text.find('\n', start);
    if (end == npos) end = text.size();
    std::string_view line = stripComment(text.substr(start, end - start));
    ++number;
    if (!trim(line).empty()) out.push_back({line, number});
    start = end + 1;
  }
  return out;
}

}  // namespace

std::pair<unsigned, unsigned> Statement::position(std::size_t offset) const {
  auto after = std::upper_bound(line_starts.begin(), line_starts.end(), offset,
                                [](std::size_t o, const auto &start) { return o < start.first; });
  if (after == line_starts.begin()) return {line(), 1};
  --after;
  return {after->second, static_cast<unsigned>(offset - after->first + 1)};
}

std::vector<Statement> splitStatements(std::string_view text) {
  std::vector<std::pair<std::string_view, unsigned>> lines = codeLines(text);
  std::vector<Statement> out;
  std::size_t next = 0;
  while (next < lines.size()) {
    Statement statement;
    BracketScanner scanner;
    auto append = [&](std::size_t index) {
      if (!statement.text.empty()) statement.text += '\n';
      std::size_t from = statement.text.size();
      statement.line_starts.push_back({from, lines[index].second});
      statement.text.append(lines[index].first);
      scanner.feed(statement.text, from);
    };
    append(next++);
    for (;;) {
      while (next < lines.size() && (scanner.open() ? !startsStatement(trim(lines[next].first))
                                                    : continuesStatement(trim(lines[next].first))))
        append(next++);
      std::string_view body = trim(statement.text);
      bool dict = !scanner.open() && scanner.braces() > 0 && body.back() == '{' && next < lines.size() &&
                  startsAttribute(trim(lines[next].first));
      if (!dict) break;
      int outer = scanner.braces() - 1;
      while ((scanner.braces() > outer || scanner.open()) && next < lines.size()) {
        std::string_view line = trim(lines[next].first);
        if (startsAssignment(line) || line.rfind("func.func", 0) == 0) break;
        append(next++);
      }
      if (scanner.braces() > outer) break;
    }
    scanner.finish(statement);
    out.push_back(std::move(statement));
  }
  return out;
}

std::size_t skipSpaces(std::string_view text, std::size_t from) {
  while (from < text.size() && isSpace(text[from])) ++from;
  return from;
}

std::string_view trim(std::string_view text) {
  std::size_t begin = skipSpaces(text, 0);
  std::size_t end = text.size();
  while (end > begin && isSpace(text[end - 1])) --end;
  return text.substr(begin, end - begin);
}

std::size_t findTopLevel(std::string_view text, char c, std::size_t from) {
  return walk(text, from, [&](std::size_t i, int depth) { return depth == 0 && text[i] == c; });
}

std::size_t findTopLevelArrow(std::string_view text, std::size_t from) {
  return walk(text, from, [&](std::size_t i, int depth) {
    return depth == 0 && text[i] == '-' && i + 1 < text.size() && text[i + 1] == '>';
  });
}

std::size_t matchingClose(std::string_view text, std::size_t open) {
  return walk(text, open, [&](std::size_t i, int depth) {
    return depth == 1 && isCloser(text[i]) && !((text[i] == '>') && isOperatorAngle(text, i));
  });
}

std::vector<std::pair<std::size_t, std::size_t>> splitTopLevel(std::string_view text, char sep) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t start = 0;
  walk(text, 0, [&](std::size_t i, int depth) {
    if (depth == 0 && text[i] == sep) {
      out.push_back({start, i - start});
      start = i + 1;
    }
    return false;
  });
  out.push_back({start, text.size() - start});
  return out;
}

std::size_t findKeyword(std::string_view text, std::string_view word, char next, std::size_t from) {
  return walk(text, from, [&](std::size_t i, int depth) {
    if (depth != 0 || text.compare(i, word.size(), word) != 0) return false;
    if (i > 0 && (isIdentChar(text[i - 1]) || text[i - 1] == '%' || text[i - 1] == '@')) return false;
    std::size_t after = i + word.size();
    if (after < text.size() && isIdentChar(text[after])) return false;
    if (next == '\0') return true;
    after = skipSpaces(text, after);
    return after < text.size() && text[after] == next;
  });
}

std::string_view ssaNameAt(std::string_view text, std::size_t at) {
  if (at >= text.size() || text[at] != '%') return {};
  std::size_t end = at + 1;
  while (end < text.size() && isIdentChar(text[end])) ++end;
  if (end == at + 1) return {};
  return text.substr(at, end - at);
}

IntParse parseInt64(std::string_view text) {
  IntParse out;
  if (text.empty()) return out;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (end != text.data() + text.size()) return out;
  if (error == std::errc::result_out_of_range) {
    out.status = IntStatus::kOverflow;
    return out;
  }
  if (error != std::errc()) return out;
  out.status = IntStatus::kOk;
  out.value = value;
  return out;
}

}  // namespace kiln::oracle::pto
