#include "worker/backends/ascend/validate/code_view.h"

#include <algorithm>

namespace kiln::ascend::validate {

CodeView buildCodeView(std::string_view text, const std::vector<Token> &tokens, const PpResult &pp) {
  CodeView v;
  v.text = text;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token &t = tokens[i];
    if (t.in_directive || pp.live[i] == kNo || t.kind == TokKind::kUnterminated) continue;
    v.tokens.push_back(t);
    v.live.push_back(pp.live[i]);
    v.region.push_back(pp.region[i]);
  }
  v.match.assign(v.tokens.size(), kNone);
  std::vector<size_t> stack;
  for (size_t i = 0; i < v.tokens.size(); ++i) {
    if (v.tokens[i].kind != TokKind::kPunct) continue;
    std::string_view s = v.at(i);
    if (s == "(" || s == "[" || s == "{") {
      stack.push_back(i);
    } else if (s == ")" || s == "]" || s == "}") {
      char want = s == ")" ? '(' : s == "]" ? '[' : '{';
      if (stack.empty() || v.at(stack.back())[0] != want) {
        v.balanced = false;
        continue;
      }
      v.match[stack.back()] = i;
      v.match[i] = stack.back();
      stack.pop_back();
    }
  }
  if (!stack.empty()) v.balanced = false;
  return v;
}

size_t closeAngle(const CodeView &view, size_t open, size_t limit) {
  limit = std::min(limit, open + kMaxAngleTokens);
  int depth = 0;
  for (size_t i = open; i < limit; ++i) {
    std::string_view s = view.at(i);
    if (view.tokens[i].kind != TokKind::kPunct) continue;
    if (s == "<") ++depth;
    else if (s == ">") --depth;
    else if (s == ">>") depth -= 2;
    else if (s == "(" || s == "[") {
      if (view.match[i] == kNone) return kNone;
      i = view.match[i];
    } else if (s == ";" || s == "{" || s == "}" || s == ")" || s == "]") {
      return kNone;
    }
    if (depth <= 0) return i + 1;
  }
  return kNone;
}

namespace {

enum class Scope { kNamespace, kClass, kLinkage };

bool isClassKey(std::string_view s) { return s == "class" || s == "struct" || s == "union"; }

class StructureScanner {
 public:
  explicit StructureScanner(const CodeView &v) : v_(v) {}

  Structure run() {
    size_t n = v_.tokens.size();
    size_t stmt = 0, outsideFrom = 0;
    for (size_t i = 0; i < n; ++i) {
      std::string_view s = v_.at(i);
      if (v_.tokens[i].kind != TokKind::kPunct) {
        if ((s == "public" || s == "private" || s == "protected") && v_.is(i + 1, ":")) stmt = i + 2, ++i;
        continue;
      }
      if (s == "(" || s == "[") {
        if (v_.match[i] != kNone) i = v_.match[i];
        continue;
      }
      if (s == ";") {
        declaration(stmt, i);
        stmt = i + 1;
        continue;
      }
      if (s == "}") {
        if (!scopes_.empty()) scopes_.pop_back();
        stmt = i + 1;
        continue;
      }
      if (s != "{") continue;
      size_t close = v_.match[i];
      if (close == kNone) break;
      switch (classify(stmt, i)) {
        case Kind::kFunction: {
          out_.outside.push_back({outsideFrom, i + 1});
          outsideFrom = close;
          i = close;
          stmt = close + 1;
          break;
        }
        case Kind::kNamespace: scopes_.push_back(Scope::kNamespace), stmt = i + 1; break;
        case Kind::kLinkage: scopes_.push_back(Scope::kLinkage), stmt = i + 1; break;
        case Kind::kClass: scopes_.push_back(Scope::kClass), stmt = i + 1; break;
        case Kind::kOther: i = close; break;  // an initializer, an enum: the statement goes on
      }
    }
    out_.outside.push_back({outsideFrom, n});
    return std::move(out_);
  }

 private:
  enum class Kind { kFunction, kNamespace, kLinkage, kClass, kOther };
  const CodeView &v_;
  std::vector<Scope> scopes_;
  Structure out_;

  bool inLinkage() const {
    for (Scope s : scopes_)
      if (s == Scope::kLinkage) return true;
    return false;
  }
  bool hasExternC(size_t b, size_t e) const {
    for (size_t i = b; i + 1 < e; ++i)
      if (v_.is(i, "extern") && v_.tokens[i + 1].kind == TokKind::kString && v_.at(i + 1) == "\"C\"") return true;
    return false;
  }
  // Skips template<...> heads; sets is_template.
  size_t skipTemplates(size_t b, size_t e, bool &isTemplate) const {
    while (b < e && v_.is(b, "template") && v_.is(b + 1, "<")) {
      size_t after = closeAngle(v_, b + 1, e);
      if (after == kNone) return e;
      isTemplate = true;
      b = after;
    }
    return b;
  }
  // The parameter list's '(' in [b, e): the first at depth 0 that is not an attribute's.
  size_t paramsOpen(size_t b, size_t e) const {
    for (size_t i = b; i < e; ++i) {
      std::string_view s = v_.at(i);
      if (v_.tokens[i].kind == TokKind::kIdent &&
          (s == "__attribute__" || s == "alignas" || s == "__declspec" || s == "decltype") && v_.is(i + 1, "(")) {
        i = v_.match[i + 1] == kNone ? e : v_.match[i + 1];
        continue;
      }
      if (s == "[" && v_.is(i + 1, "[")) {  // [[attributes]]
        i = v_.match[i] == kNone ? e : v_.match[i];
        continue;
      }
      if (s == "=") return kNone;
      if (s == "(") return i;
    }
    return kNone;
  }

  Kind classify(size_t stmt, size_t brace) {
    // A declaration longer than this is not one kiln reads; bounding the
    // look-back keeps a statement with many braces linear.
    if (brace - stmt > 4096) return Kind::kOther;
    bool isTemplate = false;
    size_t b = skipTemplates(stmt, brace, isTemplate);
    if (brace - b == 2 && v_.is(b, "extern") && v_.tokens[b + 1].kind == TokKind::kString) return Kind::kLinkage;
    if (v_.is(b, "namespace") || (v_.is(b, "inline") && v_.is(b + 1, "namespace"))) return Kind::kNamespace;
    size_t open = paramsOpen(b, brace);
    for (size_t i = b; i < (open == kNone ? brace : open); ++i) {
      if (isClassKey(v_.at(i))) return Kind::kClass;
      if (v_.is(i, "enum")) return Kind::kOther;
    }
    if (open == kNone || v_.match[open] == kNone || v_.match[open] >= brace) return Kind::kOther;
    size_t close = v_.match[open];
    // A constructor's init list: A() : x{1}, y(2) { ... }: a brace after a name is an initializer.
    if (v_.is(close + 1, ":") && brace > 0 && (v_.ident(brace - 1) || v_.is(brace - 1, ">"))) return Kind::kOther;
    FunctionInfo f;
    f.decl_begin = stmt;
    f.params_open = open;
    f.body_open = brace;
    f.body_close = v_.match[brace];
    f.is_template = isTemplate;
    f.in_class = !scopes_.empty() && scopes_.back() == Scope::kClass;
    if (open > b && v_.ident(open - 1)) f.name = open - 1;
    f.extern_c = inLinkage() || hasExternC(stmt, open);
    for (size_t i = stmt; i < open; ++i) {
      std::string_view s = v_.at(i);
      f.global |= s == "__global__";
      f.aicore |= s == "__aicore__";
      f.vector_or_cube |= s == "__vector__" || s == "__cube__";
    }
    out_.functions.push_back(f);
    return Kind::kFunction;
  }

  void declaration(size_t b, size_t e) {
    size_t open = paramsOpen(b, e);
    if (open == kNone || open == b || !v_.ident(open - 1)) return;
    bool global = false;
    for (size_t i = b; i < open; ++i) global |= v_.at(i) == "__global__";
    if (global && (inLinkage() || hasExternC(b, open))) out_.extern_c_names.push_back(v_.at(open - 1));
  }
};

void insert(SymbolTable &table, std::string_view name, const Symbol &sym, const CodeView &v) {
  auto [it, fresh] = table.try_emplace(name, sym);
  if (fresh) return;
  Symbol &old = it->second;
  bool same = old.kind == sym.kind && old.elem == sym.elem && old.position == sym.position &&
              old.position2 == sym.position2;
  if (same && (sym.kind == SymKind::kConstant || sym.kind == SymKind::kQue)) {
    // The same value written twice is still one value.
    size_t a = old.arg_end - old.arg_begin, c = sym.arg_end - sym.arg_begin;
    same = a == c;
    for (size_t k = 0; same && k < a; ++k) same = v.at(old.arg_begin + k) == v.at(sym.arg_begin + k);
  }
  if (!same) old.ambiguous = true;
}

// The last identifier of a template argument [b, e) ("QuePosition::VECIN" -> "VECIN"),
// or "" unless the argument is a plain (qualified) name.
std::string_view plainName(const CodeView &v, size_t b, size_t e) {
  std::string_view last;
  for (size_t i = b; i < e; ++i) {
    if (v.ident(i)) {
      if (!last.empty() && !v.is(i - 1, "::")) return {};
      last = v.at(i);
    } else if (!v.is(i, "::")) {
      return {};
    }
  }
  return last;
}

// Splits template arguments between '<' at open and the '>' before `after`.
std::vector<std::pair<size_t, size_t>> templateArgs(const CodeView &v, size_t open, size_t after) {
  std::vector<std::pair<size_t, size_t>> args;
  size_t start = open + 1;
  int depth = 0;
  for (size_t i = open + 1; i + 1 < after; ++i) {
    std::string_view s = v.at(i);
    if (s == "(" || s == "[" || s == "{") {
      if (v.match[i] != kNone) i = v.match[i];
      continue;
    }
    if (s == "<") ++depth;
    if (s == ">") --depth;
    if (s == "," && depth == 0) {
      args.push_back({start, i});
      start = i + 1;
    }
  }
  size_t last = v.at(after - 1) == ">>" ? after - 1 : after - 1;
  args.push_back({start, last});
  return args;
}

}  // namespace

Structure scanStructure(const CodeView &view) { return StructureScanner(view).run(); }

void scanDeclarations(const CodeView &v, size_t begin, size_t end, SymbolTable &table) {
  for (size_t i = begin; i < end; ++i) {
    if (!v.ident(i)) continue;
    std::string_view s = v.at(i);
    if (s == "constexpr" || s == "const") {
      // const T name = init;  constexpr T name{init};
      size_t k = i + 1;
      while (k < end && k - i < 64 && (v.ident(k) || v.is(k, "::") || v.is(k, "*") || v.is(k, "&"))) ++k;
      if (k > i + 2 && k < end && v.ident(k - 1) && (v.is(k, "=") || v.is(k, "{"))) {
        size_t initBegin = k + 1, initEnd = initBegin;
        if (v.is(k, "{")) {
          if (v.match[k] == kNone) continue;
          initEnd = v.match[k];
        } else {
          while (initEnd < end && !v.is(initEnd, ";") && !v.is(initEnd, ",") && !v.is(initEnd, ")") &&
                 !v.is(initEnd, "}")) {
            if ((v.is(initEnd, "(") || v.is(initEnd, "[") || v.is(initEnd, "{")) && v.match[initEnd] != kNone)
              initEnd = v.match[initEnd];
            ++initEnd;
          }
        }
        Symbol sym;
        sym.kind = SymKind::kConstant;
        sym.decl = k - 1;
        sym.arg_begin = initBegin;
        sym.arg_end = std::min(initEnd, end);
        insert(table, v.at(k - 1), sym, v);
        i = k;
      }
      continue;
    }
    SymKind kind;
    if (s == "GlobalTensor") kind = SymKind::kGlobalTensor;
    else if (s == "LocalTensor") kind = SymKind::kLocalTensor;
    else if (s == "TQue" || s == "TQueBind") kind = SymKind::kQue;
    else if (s == "TBuf") kind = SymKind::kBuf;
    else if (s == "TPipe") kind = SymKind::kPipe;
    else continue;
    if (i > 0 && (v.is(i - 1, ".") || v.is(i - 1, "->"))) continue;
    Symbol sym;
    sym.kind = kind;
    size_t after = i + 1;
    if (v.is(i + 1, "<")) {
      after = closeAngle(v, i + 1, end);
      if (after == kNone) continue;
      auto args = templateArgs(v, i + 1, after);
      if (kind == SymKind::kGlobalTensor || kind == SymKind::kLocalTensor) {
        sym.elem = plainName(v, args[0].first, args[0].second);
      } else if (kind == SymKind::kQue && s == "TQue" && args.size() >= 2) {
        sym.position = plainName(v, args[0].first, args[0].second);
        sym.arg_begin = args[1].first, sym.arg_end = args[1].second;
      } else if (kind == SymKind::kQue && s == "TQueBind" && args.size() >= 3) {
        sym.position = plainName(v, args[0].first, args[0].second);
        sym.position2 = plainName(v, args[1].first, args[1].second);
        sym.arg_begin = args[2].first, sym.arg_end = args[2].second;
      } else if (kind == SymKind::kBuf && !args.empty()) {
        sym.position = plainName(v, args[0].first, args[0].second);
      }
      if (v.at(after - 1) == ">>") continue;  // nested in another template's arguments
    } else if (kind != SymKind::kPipe) {
      continue;
    }
    // Declarators: T a, b = x, &c;
    size_t k = after;
    while (k < end) {
      while (k < end && (v.is(k, "&") || v.is(k, "&&") || v.is(k, "*") || v.is(k, "const"))) ++k;
      if (!v.ident(k)) break;
      std::string_view next = v.at(k + 1);
      if (next != ";" && next != "," && next != "=" && next != ")" && next != "{" && next != "[" && next != ":") break;
      sym.decl = k;
      insert(table, v.at(k), sym, v);
      if (next != ",") break;
      if (!v.ident(k + 2)) break;
      std::string_view then = v.at(k + 3);
      if (then != ";" && then != "," && then != "=") break;
      k += 2;
    }
  }
}

Constants::Constants(const CodeView &view, std::string_view text, const std::vector<Token> &raw, const PpResult &pp,
                     const SymbolTable &file)
    : view_(view), text_(text), raw_(raw), pp_(pp), file_(file) {
  budget_ = static_cast<int64_t>(view.tokens.size()) * 4 + 100000;
}

Value Constants::evaluate(size_t begin, size_t end, const SymbolTable *local) {
  if (begin >= end || end > view_.tokens.size()) return std::nullopt;
  return evaluateSpan(std::span<const Token>(view_.tokens.data() + begin, end - begin), local, 0);
}

Value Constants::evaluateSpan(std::span<const Token> tokens, const SymbolTable *local, int depth) {
  EvalContext ctx;
  ctx.text = text_;
  ctx.budget = &budget_;
  ctx.identifier = [this, local, depth](std::string_view name) { return lookup(name, local, depth + 1); };
  return validate::evaluate(ctx, tokens);
}

Value Constants::lookup(std::string_view name, const SymbolTable *local, int depth) {
  if (depth > 32 || budget_ <= 0) return std::nullopt;
  if (local) {
    auto it = local->find(name);
    if (it != local->end()) {
      const Symbol &s = it->second;
      if (s.kind != SymKind::kConstant || s.ambiguous) return std::nullopt;
      return evaluateSpan(std::span<const Token>(view_.tokens.data() + s.arg_begin, s.arg_end - s.arg_begin), local,
                          depth);
    }
  }
  auto memo = memo_.find(name);
  if (memo != memo_.end()) return memo->second ? *memo->second : std::nullopt;  // nullopt: a cycle
  memo_[name] = std::nullopt;
  Value value;
  auto it = file_.find(name);
  if (it != file_.end()) {
    const Symbol &s = it->second;
    if (s.kind == SymKind::kConstant && !s.ambiguous)
      value = evaluateSpan(std::span<const Token>(view_.tokens.data() + s.arg_begin, s.arg_end - s.arg_begin),
                           nullptr, depth);
  } else if (auto d = pp_.defines.find(name); d != pp_.defines.end()) {
    const PpDefine &def = d->second;
    if (def.definitions == 1 && !def.function_like && def.body_begin < def.body_end)
      value = evaluateSpan(std::span<const Token>(raw_.data() + def.body_begin, def.body_end - def.body_begin),
                           nullptr, depth);
  }
  memo_[name] = value;
  return value;
}

}  // namespace kiln::ascend::validate
