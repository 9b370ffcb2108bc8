#include "worker/backends/ascend/validate/pp_conditions.h"

#include <algorithm>
#include <optional>

#include "worker/backends/ascend/validate/const_eval.h"

namespace kiln::ascend::validate {
namespace {

Tri triAnd(Tri a, Tri b) { return std::min(a, b); }
Tri triOr(Tri a, Tri b) { return std::max(a, b); }
Tri triNot(Tri a) { return static_cast<Tri>(2 - a); }
Tri triOf(Value v) { return !v ? kUnknown : *v ? kYes : kNo; }

struct MacroDef {
  Tri defined = kUnknown;
  std::optional<int64_t> fixed;           // kiln's own macros
  uint32_t body_begin = 0, body_end = 0;  // token indices
  bool function_like = false;
};

struct Frame {
  std::vector<Tri> parent, taken, live;
  uint32_t region = 0;
  bool seen_else = false;
};

class Preprocessor {
 public:
  Preprocessor(std::string_view text, const std::vector<Token> &tokens, const std::vector<PpConfig> &configs)
      : text_(text), tokens_(tokens), configs_(configs), macros_(configs.size()) {
    budget_ = static_cast<int64_t>(tokens.size()) * 8 + 100000;
    for (size_t c = 0; c < configs.size(); ++c) {
      const PpConfig &k = configs[c];
      macros_[c]["__NPU_ARCH__"] = {kYes, k.npu_arch};
      macros_[c]["__DAV_C220_VEC__"] = {k.dav_c220_vec ? kYes : kNo, 1};
      macros_[c]["__DAV_C220_CUBE__"] = {k.dav_c220_cube ? kYes : kNo, 1};
      macros_[c]["__ENABLE_VECTOR_CORE__"] = {k.enable_vector_core ? kYes : kNo, 1};
    }
    out_.regions.push_back({});
  }

  PpResult run() {
    out_.live.assign(tokens_.size(), kYes);
    out_.region.assign(tokens_.size(), 0);
    size_t i = 0;
    while (i < tokens_.size()) {
      if (tokens_[i].kind != TokKind::kHash) {
        mark(i);
        ++i;
        continue;
      }
      size_t end = i + 1;
      while (end < tokens_.size() && tokens_[end].kind != TokKind::kDirectiveEnd) ++end;
      directive(i, end);
      for (size_t k = i; k < end && k < tokens_.size(); ++k) mark(k);
      if (end < tokens_.size()) mark(end);
      i = end + 1;
    }
    for (const Frame &f : stack_) {
      const PpRegion &r = out_.regions[f.region];
      out_.errors.push_back({r.line, r.column, "unterminated " + r.directive + ": no #endif before the end of the file"});
    }
    return std::move(out_);
  }

 private:
  std::string_view text_;
  const std::vector<Token> &tokens_;
  const std::vector<PpConfig> &configs_;
  std::vector<std::unordered_map<std::string_view, MacroDef>> macros_;
  std::vector<Frame> stack_;
  int64_t budget_ = 0;
  PpResult out_;

  std::string_view text(size_t i) const { return tokenText(text_, tokens_[i]); }

  Tri current(size_t c) const { return stack_.empty() ? kYes : stack_.back().live[c]; }
  Tri combined() const {
    Tri any = kNo;
    bool allNo = true;
    for (size_t c = 0; c < configs_.size(); ++c) {
      Tri t = current(c);
      any = triOr(any, t);
      allNo &= t == kNo;
    }
    return allNo ? kNo : any;
  }
  void mark(size_t i) {
    out_.live[i] = combined();
    out_.region[i] = stack_.empty() ? 0 : stack_.back().region;
  }

  // Evaluates tokens [b, e) under configuration c; `unknown` gets the first name it could not resolve.
  Value evalIn(size_t c, size_t b, size_t e, std::string &unknown, int depth = 0) {
    EvalContext ctx;
    ctx.text = text_;
    ctx.preprocessor = true;
    ctx.budget = &budget_;
    ctx.defined = [&](std::string_view name) -> Value {
      auto it = macros_[c].find(name);
      Tri d = it == macros_[c].end() ? kUnknown : it->second.defined;
      if (d == kUnknown && unknown.empty()) unknown = std::string(name);
      return d == kUnknown ? Value() : Value(d == kYes);
    };
    ctx.identifier = [&, depth](std::string_view name) -> Value {
      auto it = macros_[c].find(name);
      if (it == macros_[c].end() || it->second.defined == kUnknown || depth > 16 || it->second.function_like) {
        if (unknown.empty()) unknown = std::string(name);
        return std::nullopt;
      }
      const MacroDef &m = it->second;
      if (m.defined == kNo) return 0;  // an undefined name in #if is 0
      if (m.fixed) return m.fixed;
      if (m.body_begin == m.body_end) {
        if (unknown.empty()) unknown = std::string(name);
        return std::nullopt;  // #define X with no value: #if X is an error in clang
      }
      return evalIn(c, m.body_begin, m.body_end, unknown, depth + 1);
    };
    return evaluate(ctx, std::span<const Token>(tokens_.data() + b, e - b));
  }

  uint32_t openRegion(const Token &at, std::string directive, const std::vector<Tri> &live, std::string unknown,
                      uint32_t parent) {
    PpRegion r;
    r.line = at.line;
    r.column = at.column;
    r.parent = parent;
    r.directive = std::move(directive);
    r.unknown = std::move(unknown);
    Tri any = kNo;
    bool allNo = true;
    for (Tri t : live) any = triOr(any, t), allNo &= t == kNo;
    r.live = allNo ? kNo : any;
    out_.regions.push_back(std::move(r));
    return static_cast<uint32_t>(out_.regions.size() - 1);
  }

  // The condition of #if/#elif (tokens [b, e)) or #ifdef/#ifndef per configuration.
  std::vector<Tri> conditionValues(std::string_view name, size_t b, size_t e, const std::vector<Tri> &parent,
                                   std::string &unknown) {
    std::vector<Tri> v(configs_.size(), kNo);
    for (size_t c = 0; c < configs_.size(); ++c) {
      if (parent[c] == kNo) continue;
      if (name == "if" || name == "elif") {
        v[c] = triOf(evalIn(c, b, e, unknown));
      } else {
        bool negate = name == "ifndef" || name == "elifndef";
        if (b >= e || tokens_[b].kind != TokKind::kIdent) {
          v[c] = kUnknown;
          continue;
        }
        auto it = macros_[c].find(text(b));
        Tri d = it == macros_[c].end() ? kUnknown : it->second.defined;
        if (d == kUnknown && unknown.empty()) unknown = std::string(text(b));
        v[c] = negate ? triNot(d) : d;
      }
    }
    return v;
  }

  void directive(size_t hash, size_t end) {
    size_t n = hash + 1;
    if (n >= end || tokens_[n].kind != TokKind::kIdent) return;  // null directive, # 1 "file"
    std::string_view name = text(n);
    const Token &at = tokens_[hash];
    size_t b = n + 1;
    if (name == "if" || name == "ifdef" || name == "ifndef") {
      std::vector<Tri> parent(configs_.size());
      for (size_t c = 0; c < configs_.size(); ++c) parent[c] = current(c);
      std::string unknown;
      std::vector<Tri> v = conditionValues(name, b, end, parent, unknown);
      if (name == "if") scanHasInclude(b, end);
      Frame f;
      f.parent = parent;
      f.taken = v;
      f.live.resize(configs_.size());
      for (size_t c = 0; c < configs_.size(); ++c) f.live[c] = triAnd(parent[c], v[c]);
      f.region = openRegion(at, "#" + std::string(name), f.live, unknown, stack_.empty() ? 0 : stack_.back().region);
      stack_.push_back(std::move(f));
      return;
    }
    if (name == "elif" || name == "elifdef" || name == "elifndef" || name == "else") {
      if (stack_.empty() || stack_.back().seen_else) {
        out_.errors.push_back({at.line, at.column, "#" + std::string(name) + (stack_.empty() ? " without #if" : " after #else")});
        return;
      }
      Frame &f = stack_.back();
      std::string unknown;
      std::vector<Tri> v(configs_.size(), kYes);
      if (name != "else") {
        std::vector<Tri> open(configs_.size());
        for (size_t c = 0; c < configs_.size(); ++c) open[c] = f.taken[c] == kYes ? kNo : f.parent[c];
        v = conditionValues(name == "elif" ? "elif" : name == "elifdef" ? "ifdef" : "ifndef", b, end, open, unknown);
        if (name == "elif") scanHasInclude(b, end);
      } else {
        f.seen_else = true;
      }
      for (size_t c = 0; c < configs_.size(); ++c) {
        f.live[c] = triAnd(f.parent[c], triAnd(triNot(f.taken[c]), v[c]));
        f.taken[c] = triOr(f.taken[c], v[c]);
      }
      f.region = openRegion(at, "#" + std::string(name), f.live, unknown, out_.regions[f.region].parent);
      return;
    }
    if (name == "endif") {
      if (stack_.empty()) {
        out_.errors.push_back({at.line, at.column, "#endif without #if"});
        return;
      }
      stack_.pop_back();
      return;
    }
    Tri live = combined();
    if (live == kNo) return;
    if (name == "define" || name == "undef") {
      if (b >= end || tokens_[b].kind != TokKind::kIdent) return;
      std::string_view macro = text(b);
      bool fn = name == "define" && b + 1 < end && text(b + 1) == "(" &&
                tokens_[b + 1].offset == tokens_[b].offset + tokens_[b].length;
      for (size_t c = 0; c < configs_.size(); ++c) {
        Tri here = current(c);
        if (here == kNo) continue;
        MacroDef d;
        if (name == "undef") d.defined = here == kYes ? kNo : kUnknown;
        else d.defined = here == kYes ? kYes : kUnknown;
        d.function_like = fn;
        d.body_begin = static_cast<uint32_t>(b + 1);
        d.body_end = static_cast<uint32_t>(end);
        macros_[c][macro] = d;
      }
      PpDefine &g = out_.defines[macro];
      g.definitions += name == "undef" ? 2 : 1;
      g.function_like = fn;
      g.body_begin = static_cast<uint32_t>(b + 1);
      g.body_end = static_cast<uint32_t>(end);
      return;
    }
    if (name == "include" || name == "include_next" || name == "import" || name == "embed") {
      IncludeUse use;
      use.directive = "#" + std::string(name);
      use.live = live;
      const Token &operand = b < end ? tokens_[b] : tokens_[n];
      use.line = operand.line;
      use.column = operand.column;
      use.operand = b < end ? operand.kind : TokKind::kOther;
      if (b < end) use.spelling = std::string(text(b));
      // #embed takes parameters after its operand; #include must have nothing else.
      if (name != "embed" && b + 1 < end && use.operand != TokKind::kOther) use.operand = TokKind::kOther;
      out_.includes.push_back(std::move(use));
      return;
    }
  }

  // __has_include(...) and __has_include_next(...) in a condition.
  void scanHasInclude(size_t b, size_t e) {
    Tri live = combined();
    for (size_t i = b; i < e; ++i) {
      std::string_view s = text(i);
      if (tokens_[i].kind != TokKind::kIdent || (s != "__has_include" && s != "__has_include_next")) continue;
      IncludeUse use;
      use.directive = std::string(s);
      use.live = live;
      size_t operand = i + 2;
      bool shaped = i + 1 < e && text(i + 1) == "(" && operand < e && operand + 1 < e && text(operand + 1) == ")";
      const Token &at = operand < e ? tokens_[operand] : tokens_[i];
      use.line = at.line;
      use.column = at.column;
      use.operand = shaped ? tokens_[operand].kind : TokKind::kOther;
      if (operand < e) use.spelling = std::string(text(operand));
      out_.includes.push_back(std::move(use));
    }
  }

};

}  // namespace

std::vector<PpConfig> ppConfigsFor(const AscendTarget &target) {
  std::vector<PpConfig> out;
  bool vectorCore = std::find(target.extra_bisheng_flags.begin(), target.extra_bisheng_flags.end(),
                              "-D__ENABLE_VECTOR_CORE__") != target.extra_bisheng_flags.end();
  for (CoreKind kind : {CoreKind::kVector, CoreKind::kCube}) {
    PpConfig c;
    const std::string &arch = target.archFor(kind);
    c.name = std::string(coreKindName(kind)) + " (" + arch + ")";
    c.npu_arch = target.npu_arch_number;
    c.dav_c220_vec = arch == "dav-c220-vec";
    c.dav_c220_cube = arch == "dav-c220-cube";
    c.enable_vector_core = vectorCore;
    out.push_back(std::move(c));
  }
  return out;
}

std::string describeConfigs(const std::vector<PpConfig> &configs) {
  std::string out;
  for (const PpConfig &c : configs) {
    if (!out.empty()) out += "; ";
    out += c.name + ": __NPU_ARCH__=" + std::to_string(c.npu_arch);
    if (c.dav_c220_vec) out += ", __DAV_C220_VEC__";
    if (c.dav_c220_cube) out += ", __DAV_C220_CUBE__";
    if (c.enable_vector_core) out += ", __ENABLE_VECTOR_CORE__";
  }
  return out;
}

PpResult evaluatePreprocessor(std::string_view text, const std::vector<Token> &tokens,
                              const std::vector<PpConfig> &configs) {
  return Preprocessor(text, tokens, configs).run();
}

}  // namespace kiln::ascend::validate
