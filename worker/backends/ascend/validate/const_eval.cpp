#include "worker/backends/ascend/validate/const_eval.h"

#include <algorithm>
#include <array>
#include <utility>

namespace kiln::ascend::validate {

int64_t scalarTypeBytes(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, int64_t>, 26> kTypes = {{
      {"half", 2},      {"float16_t", 2}, {"bfloat16_t", 2}, {"float", 4},     {"float32_t", 4},  {"double", 8},
      {"int8_t", 1},    {"uint8_t", 1},   {"int16_t", 2},    {"uint16_t", 2},  {"int32_t", 4},    {"uint32_t", 4},
      {"int64_t", 8},   {"uint64_t", 8},  {"char", 1},       {"bool", 1},      {"short", 2},      {"int", 4},
      {"long", 8},      {"size_t", 8},    {"int4b_t", 0},    {"hifloat8_t", 1}, {"fp8_e4m3fn_t", 1}, {"fp8_e5m2_t", 1},
      {"float8_e4m3_t", 1}, {"unsigned", 4},
  }};
  for (const auto &[type, bytes] : kTypes)
    if (type == name) return bytes;
  return 0;
}

namespace {

bool isIntegerTypeName(std::string_view name) {
  return name == "int" || name == "unsigned" || name == "long" || name == "short" || name == "char" ||
         name == "int8_t" || name == "uint8_t" || name == "int16_t" || name == "uint16_t" || name == "int32_t" ||
         name == "uint32_t" || name == "int64_t" || name == "uint64_t" || name == "size_t" || name == "bool";
}

}  // namespace

Value parseIntegerLiteral(std::string_view s) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return std::nullopt;
  int base = 10;
  size_t i = 0;
  if (s.size() > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) base = 16, i = 2;
  else if (s.size() > 1 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B')) base = 2, i = 2;
  else if (s[0] == '0') base = 8, i = 1;
  uint64_t value = 0;
  bool any = base == 8;  // "0" alone
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '\'') continue;
    int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 99;
    if (d >= base) break;
    if (value > (UINT64_MAX - d) / base) return std::nullopt;
    value = value * base + d;
    any = true;
  }
  if (!any) return std::nullopt;
  // What is left must be an integer suffix: u, l, ll, z in any case and order.
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c != 'u' && c != 'U' && c != 'l' && c != 'L' && c != 'z' && c != 'Z') return std::nullopt;
  }
  if (value > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(value);
}

namespace {

class Parser {
 public:
  Parser(const EvalContext &c, std::span<const Token> t) : c_(c), t_(t) {}

  Value run() {
    bool ok = true;
    Value v = conditional(0, ok);
    if (!ok || pos_ != t_.size()) return std::nullopt;
    return v;
  }

 private:
  static constexpr int kMaxDepth = 128;
  const EvalContext &c_;
  std::span<const Token> t_;
  size_t pos_ = 0;

  std::string_view text(size_t i) const { return i < t_.size() ? tokenText(c_.text, t_[i]) : std::string_view(); }
  bool is(std::string_view s) const { return pos_ < t_.size() && t_[pos_].kind != TokKind::kString && text(pos_) == s; }
  bool charge() {
    if (!c_.budget) return true;
    if (*c_.budget <= 0) return false;
    --*c_.budget;
    return true;
  }

  // ok=false: the span is not an expression (or too deep); the value is then meaningless.
  Value conditional(int depth, bool &ok) {
    if (depth > kMaxDepth || !charge()) return ok = false, std::nullopt;
    Value cond = binary(0, depth + 1, ok);
    if (!ok || !is("?")) return cond;
    ++pos_;
    Value a = conditional(depth + 1, ok);
    if (!ok || !is(":")) return ok = false, std::nullopt;
    ++pos_;
    Value b = conditional(depth + 1, ok);
    if (!cond) return a && b && *a == *b ? a : std::nullopt;
    return *cond ? a : b;
  }

  static int precedence(std::string_view op) {
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "|") return 3;
    if (op == "^") return 4;
    if (op == "&") return 5;
    if (op == "==" || op == "!=") return 6;
    if (op == "<" || op == ">" || op == "<=" || op == ">=") return 7;
    if (op == "<<" || op == ">>") return 8;
    if (op == "+" || op == "-") return 9;
    if (op == "*" || op == "/" || op == "%") return 10;
    return 0;
  }

  Value binary(int minPrec, int depth, bool &ok) {
    if (depth > kMaxDepth) return ok = false, std::nullopt;
    Value lhs = unary(depth + 1, ok);
    while (ok && pos_ < t_.size() && t_[pos_].kind == TokKind::kPunct) {
      std::string_view op = text(pos_);
      int prec = precedence(op);
      if (prec == 0 || prec <= minPrec) break;
      if (!charge()) return ok = false, std::nullopt;
      ++pos_;
      Value rhs = binary(prec, depth + 1, ok);
      lhs = apply(op, lhs, rhs);
    }
    return lhs;
  }

  static Value apply(std::string_view op, Value a, Value b) {
    // Short circuits that hold whatever the unknown side is.
    if (op == "&&") {
      if ((a && *a == 0) || (b && *b == 0)) return 0;
      if (a && b) return 1;
      return std::nullopt;
    }
    if (op == "||") {
      if ((a && *a != 0) || (b && *b != 0)) return 1;
      if (a && b) return 0;
      return std::nullopt;
    }
    if (!a || !b) return std::nullopt;
    int64_t x = *a, y = *b, r = 0;
    if (op == "+") return __builtin_add_overflow(x, y, &r) ? Value() : Value(r);
    if (op == "-") return __builtin_sub_overflow(x, y, &r) ? Value() : Value(r);
    if (op == "*") return __builtin_mul_overflow(x, y, &r) ? Value() : Value(r);
    if (op == "/" || op == "%") {
      if (y == 0 || (x == INT64_MIN && y == -1)) return std::nullopt;
      return op == "/" ? x / y : x % y;
    }
    if (op == "<<" || op == ">>") {
      if (y < 0 || y > 62 || x < 0) return std::nullopt;
      if (op == ">>") return x >> y;
      if (x > (INT64_MAX >> y)) return std::nullopt;
      return x << y;
    }
    if (op == "&") return x & y;
    if (op == "|") return x | y;
    if (op == "^") return x ^ y;
    if (op == "==") return x == y;
    if (op == "!=") return x != y;
    if (op == "<") return x < y;
    if (op == ">") return x > y;
    if (op == "<=") return x <= y;
    if (op == ">=") return x >= y;
    return std::nullopt;
  }

  bool closingAngle(size_t &i) const {  // i at '<'; moves past the matching '>'
    int depth = 0;
    for (size_t stop = std::min(t_.size(), i + 256); i < stop; ++i) {
      std::string_view s = text(i);
      if (s == "<") ++depth;
      else if (s == ">") --depth;
      else if (s == ">>") depth -= 2;
      else if (s == ";" || s == "{" || s == "}") return false;
      if (depth <= 0) {
        ++i;
        return depth == 0;
      }
    }
    return false;
  }

  Value unary(int depth, bool &ok) {
    if (depth > kMaxDepth || !charge() || pos_ >= t_.size()) return ok = false, std::nullopt;
    const Token &tok = t_[pos_];
    std::string_view s = text(pos_);
    if (tok.kind == TokKind::kPunct) {
      if (s == "!" || s == "~" || s == "-" || s == "+") {
        ++pos_;
        Value v = unary(depth + 1, ok);
        if (!v) return std::nullopt;
        if (s == "!") return *v == 0;
        if (s == "~") return ~*v;
        if (s == "-") return *v == INT64_MIN ? Value() : Value(-*v);
        return v;
      }
      if (s == "(") {
        // A C-style cast to an integer type: (uint32_t)x.
        if (pos_ + 2 < t_.size() && t_[pos_ + 1].kind == TokKind::kIdent && isIntegerTypeName(text(pos_ + 1)) &&
            text(pos_ + 2) == ")") {
          pos_ += 3;
          return unary(depth + 1, ok);
        }
        ++pos_;
        Value v = conditional(depth + 1, ok);
        if (!ok || !is(")")) return ok = false, std::nullopt;
        ++pos_;
        return v;
      }
      return ok = false, std::nullopt;
    }
    if (tok.kind == TokKind::kNumber) {
      ++pos_;
      return parseIntegerLiteral(s);  // a float literal: cannot tell
    }
    if (tok.kind == TokKind::kChar) {
      ++pos_;
      std::string_view body = s.substr(1, s.size() - 2);
      if (s[0] == '\'' && body.size() == 1) return static_cast<unsigned char>(body[0]);
      return std::nullopt;
    }
    if (tok.kind != TokKind::kIdent) return ok = false, std::nullopt;
    ++pos_;
    if (s == "true") return 1;
    if (s == "false") return 0;
    if (c_.preprocessor && s == "defined") {
      bool paren = is("(");
      if (paren) ++pos_;
      if (pos_ >= t_.size() || t_[pos_].kind != TokKind::kIdent) return ok = false, std::nullopt;
      std::string_view name = text(pos_++);
      if (paren) {
        if (!is(")")) return ok = false, std::nullopt;
        ++pos_;
      }
      return c_.defined ? c_.defined(name) : std::nullopt;
    }
    if (c_.preprocessor && s.substr(0, 6) == "__has_") {
      // __has_include(...), __has_builtin(...), ...: kiln cannot tell.
      if (is("(")) {
        int d = 0;
        for (; pos_ < t_.size(); ++pos_) {
          if (text(pos_) == "(") ++d;
          if (text(pos_) == ")" && --d == 0) break;
        }
        if (pos_ >= t_.size()) return ok = false, std::nullopt;
        ++pos_;
      }
      return std::nullopt;
    }
    if (!c_.preprocessor && s == "sizeof") {
      if (!is("(")) return ok = false, std::nullopt;
      size_t close = pos_ + 1;
      int d = 1;
      for (; close < t_.size() && d > 0; ++close) {
        if (text(close) == "(") ++d;
        if (text(close) == ")") --d;
      }
      if (d != 0) return ok = false, std::nullopt;
      size_t first = pos_ + 1, last = close - 1;  // [first, last) inside the parens
      pos_ = close;
      // sizeof(T), sizeof(AscendC::T), sizeof(::T)
      while (first + 1 < last && text(first + 1) == "::") first += 2;
      if (first < last && text(first) == "::") ++first;
      if (last - first != 1 || t_[first].kind != TokKind::kIdent) return std::nullopt;
      int64_t bytes = scalarTypeBytes(text(first));
      if (bytes == 0 && c_.type_bytes) bytes = c_.type_bytes(text(first));
      return bytes > 0 ? Value(bytes) : std::nullopt;
    }
    if (!c_.preprocessor && (s == "static_cast" || s == "reinterpret_cast") && is("<")) {
      size_t i = pos_;
      if (!closingAngle(i)) return ok = false, std::nullopt;
      pos_ = i;
      if (!is("(")) return ok = false, std::nullopt;
      ++pos_;
      Value v = conditional(depth + 1, ok);
      if (!ok || !is(")")) return ok = false, std::nullopt;
      ++pos_;
      return s == "static_cast" ? v : std::nullopt;
    }
    if (!c_.preprocessor && isIntegerTypeName(s) && is("(")) {  // uint32_t(x)
      ++pos_;
      Value v = conditional(depth + 1, ok);
      if (!ok || !is(")")) return ok = false, std::nullopt;
      ++pos_;
      return v;
    }
    // A qualified name: AscendC::X, Class::kX: resolved by its last part.
    while (!c_.preprocessor && is("::") && pos_ + 1 < t_.size() && t_[pos_ + 1].kind == TokKind::kIdent) {
      s = text(pos_ + 1);
      pos_ += 2;
    }
    // A call, subscript or member access: not a constant kiln can see.
    if (!c_.preprocessor && (is("(") || is("[") || is(".") || is("->"))) return ok = false, std::nullopt;
    return c_.identifier ? c_.identifier(s) : std::nullopt;
  }
};

}  // namespace

Value evaluate(const EvalContext &context, std::span<const Token> tokens) {
  if (tokens.empty()) return std::nullopt;
  return Parser(context, tokens).run();
}

}  // namespace kiln::ascend::validate
