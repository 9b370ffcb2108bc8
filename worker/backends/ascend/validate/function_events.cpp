#include "worker/backends/ascend/validate/function_events.h"

#include <array>

namespace kiln::ascend::validate {
namespace {

// AscendC functions that take tensors without keeping them: passing a
// tracked tensor to one is no escape.
bool knownOp(std::string_view s) {
  static const std::unordered_set<std::string_view> kOps = {
      "DataCopy", "DataCopyPad", "Add", "Sub", "Mul", "Div", "Max", "Min", "And", "Or", "Exp", "Ln", "Sqrt", "Rsqrt",
      "Abs", "Relu", "Reciprocal", "Not", "Adds", "Muls", "Maxs", "Mins", "LeakyRelu", "Duplicate", "Cast", "ReduceSum",
      "ReduceMax", "ReduceMin", "WholeReduceSum", "WholeReduceMax", "WholeReduceMin", "BlockReduceSum",
      "BlockReduceMax", "BlockReduceMin", "PairReduceSum", "Brcb", "Broadcast", "Sum", "Mmad", "LoadData",
      "LoadDataWithTranspose", "Fixpipe", "Compare", "CompareScalar", "Select", "Gather", "Axpy", "Copy", "Transpose",
      "SetValue", "GetValue", "MulAddDst", "FusedMulAdd", "Sigmoid", "Tanh", "Silu", "Gelu", "Power", "EnQue",
      "FreeTensor", "AllocTensor", "DeQue", "Get", "ReinterpretCast", "GetSize", "GetPhyAddr", "SetSize",
      "ShiftLeft", "ShiftRight", "Sin", "Cos", "Erf", "Log", "Exp2"};
  return kOps.count(s) != 0;
}

bool controlKeyword(std::string_view s) {
  return s == "if" || s == "else" || s == "switch" || s == "case" || s == "default" || s == "try" || s == "catch" ||
         s == "for" || s == "while" || s == "do";
}
bool loopKeyword(std::string_view s) { return s == "for" || s == "while" || s == "do"; }

struct Walker {
  Walker(const CodeView &view, size_t b, size_t e) : v(view), begin(b), end(e) {}
  const CodeView &v;
  size_t begin, end;  // the body's tokens, braces excluded
  struct Block {
    bool loop;
  };
  std::vector<Block> blocks;
  int paren = 0;
  bool stmtControl = false, stmtLoop = false;

  bool conditional() const { return !blocks.empty() || stmtControl; }
  size_t loopBlocks = 0;  // blocks in `blocks` that are loop bodies: O(1) per token at any depth
  bool inLoop() const { return stmtLoop || loopBlocks > 0; }
  // Updates the statement state for token i; returns false for brackets it consumed.
  void track(size_t i) {
    std::string_view s = v.at(i);
    if (v.tokens[i].kind == TokKind::kIdent) {
      if (controlKeyword(s)) stmtControl = true;
      if (loopKeyword(s)) stmtLoop = true;
      return;
    }
    if (v.tokens[i].kind != TokKind::kPunct) return;
    if (s == "?") stmtControl = true;
    else if (s == "(") ++paren;
    else if (s == ")") --paren;
    else if (s == ";" && paren <= 0) stmtControl = stmtLoop = false, paren = 0;
    else if (s == "{") {
      bool loop = stmtLoop;
      blocks.push_back({loop});
      loopBlocks += loop;
      stmtControl = stmtLoop = false;
      paren = 0;
    } else if (s == "}") {
      if (!blocks.empty()) {
        loopBlocks -= blocks.back().loop;
        blocks.pop_back();
      }
      stmtControl = stmtLoop = false;
      paren = 0;
    }
  }
};

std::vector<std::pair<size_t, size_t>> callArgs(const CodeView &v, size_t open) {
  std::vector<std::pair<size_t, size_t>> args;
  size_t close = v.match[open];
  if (close == kNone) return args;
  size_t start = open + 1;
  for (size_t i = open + 1; i < close; ++i) {
    if ((v.is(i, "(") || v.is(i, "[") || v.is(i, "{")) && v.match[i] != kNone) {
      i = v.match[i];
      continue;
    }
    if (v.is(i, "<")) {  // a template argument list inside an argument: DataCopyParams<...>
      size_t after = closeAngle(v, i, close);
      if (after != kNone && after <= close) {
        // Only skip when it really is one: the name before is a type-like identifier.
        if (v.ident(i - 1) && v.at(i - 1).size() > 0 && (v.at(i - 1)[0] >= 'A' && v.at(i - 1)[0] <= 'Z')) {
          i = after - 1;
          continue;
        }
      }
    }
    if (v.is(i, ",")) {
      args.push_back({start, i});
      start = i + 1;
    }
  }
  if (close > start || !args.empty()) args.push_back({start, close});
  return args;
}

// After name token i: skips template arguments; returns the '(' or kNone.
size_t callOpen(const CodeView &v, size_t i, size_t limit) {
  size_t k = i + 1;
  if (v.is(k, "<")) {
    k = closeAngle(v, k, limit);
    if (k == kNone) return kNone;
  }
  return v.is(k, "(") ? k : kNone;
}

std::string_view templateArg(const CodeView &v, size_t name) {
  if (!v.is(name + 1, "<") || !v.ident(name + 2) || !v.is(name + 3, ">")) return {};
  return v.at(name + 2);
}

}  // namespace

std::string_view baseName(const CodeView &v, std::pair<size_t, size_t> span) {
  size_t b = span.first;
  if (v.is(b, "this") && v.is(b + 1, "->")) b += 2;
  if (b >= span.second || !v.ident(b)) return {};
  if (b + 1 < span.second && !v.is(b + 1, "[")) return {};
  return v.at(b);
}

const Symbol *lookupSymbol(std::string_view name, const FunctionEvents &fn, const SymbolTable &file) {
  auto it = fn.locals.find(name);
  if (it != fn.locals.end()) return it->second.ambiguous ? nullptr : &it->second;
  it = file.find(name);
  if (it != file.end()) return it->second.ambiguous ? nullptr : &it->second;
  return nullptr;
}

std::string_view elementType(std::string_view name, const FunctionEvents &fn, const SymbolTable &file) {
  const Symbol *s = lookupSymbol(name, fn, file);
  return s && (s->kind == SymKind::kLocalTensor || s->kind == SymKind::kGlobalTensor) ? s->elem : std::string_view();
}

FunctionEvents collectEvents(const CodeView &v, const FunctionInfo &f) {
  FunctionEvents out;
  out.function = &f;
  scanDeclarations(v, f.params_open, f.body_close, out.locals);
  Walker w{v, f.body_open + 1, f.body_close};
  std::unordered_set<std::string_view> tracked, localVars;
  std::unordered_set<size_t> handled;  // tokens of tracked names the events already account for
  for (size_t i = w.begin; i < w.end; ++i) {
    out.unknown_pp |= v.live[i] == kUnknown;
    if (!v.ident(i)) {
      w.track(i);
      continue;
    }
    std::string_view s = v.at(i);
    if (s == "goto") out.has_goto = true;
    w.track(i);
    // obj.M, obj->M, and obj.template M<T>(...)
    size_t dot = i > 0 && v.is(i - 1, "template") ? i - 1 : i;
    bool member = dot > 0 && (v.is(dot - 1, ".") || v.is(dot - 1, "->"));
    Event e;
    e.tok = i;
    e.conditional = w.conditional();
    e.in_loop = w.inLoop();
    if (member) {
      static const std::array<std::pair<std::string_view, EvKind>, 8> kMethods = {{
          {"AllocTensor", EvKind::kAlloc}, {"DeQue", EvKind::kDeQue}, {"Get", EvKind::kGet},
          {"EnQue", EvKind::kEnQue}, {"FreeTensor", EvKind::kFree}, {"InitBuffer", EvKind::kInitBuffer},
          {"Reset", EvKind::kPipeReset}, {"Destroy", EvKind::kPipeReset}}};
      bool found = false;
      for (const auto &[name, kind] : kMethods)
        if (s == name) e.kind = kind, found = true;
      if (!found) continue;
      size_t open = callOpen(v, i, w.end);
      if (open == kNone) continue;
      // The object: a plain name, else "" (queues[i].EnQue(x): the event still orders x).
      size_t obj = dot >= 2 ? dot - 2 : kNone;
      bool named = obj != kNone && v.ident(obj);
      if (named) e.object = v.at(obj);
      if (!named && e.kind != EvKind::kEnQue && e.kind != EvKind::kFree) continue;
      e.args = callArgs(v, open);
      if (e.kind == EvKind::kAlloc || e.kind == EvKind::kDeQue || e.kind == EvKind::kGet) {
        e.elem = templateArg(v, i);
        size_t before = obj;
        if (before >= 2 && v.is(before - 1, "->") && v.is(before - 2, "this")) before -= 2;
        if (before >= 2 && v.is(before - 1, "=") && v.ident(before - 2)) {
          e.var = v.at(before - 2);
          handled.insert(before - 2);
          auto declared = out.locals.find(e.var);
          e.local_var = (before >= 3 && v.is(before - 3, "auto")) ||
                        (declared != out.locals.end() && declared->second.kind == SymKind::kLocalTensor);
          if (e.local_var) localVars.insert(e.var);
          tracked.insert(e.var);
          if (!e.elem.empty() && !out.locals.count(e.var)) {
            Symbol sym;
            sym.kind = SymKind::kLocalTensor;
            sym.decl = before - 2;
            sym.elem = e.elem;
            out.locals.emplace(e.var, sym);
          }
        }
      } else if (e.kind == EvKind::kEnQue || e.kind == EvKind::kFree) {
        if (e.args.size() == 1) {
          e.var = baseName(v, e.args[0]);
          e.local_var = localVars.count(e.var) != 0;
          if (!e.var.empty() && e.args[0].second == e.args[0].first + 1) handled.insert(e.args[0].first);
        }
      }
      out.events.push_back(std::move(e));
      continue;
    }
    if (s == "DataCopy" || s == "DataCopyPad") {
      size_t open = callOpen(v, i, w.end);
      if (open == kNone) continue;
      e.kind = s == "DataCopy" ? EvKind::kDataCopy : EvKind::kDataCopyPad;
      e.args = callArgs(v, open);
      out.events.push_back(std::move(e));
      continue;
    }
    if ((s == "PipeBarrier" && v.is(i + 1, "<") && v.is(i + 2, "PIPE_ALL") && v.is(i + 3, ">")) ||
        (s == "pipe_barrier" && v.is(i + 1, "(") && v.is(i + 2, "PIPE_ALL") && v.is(i + 3, ")"))) {
      e.kind = EvKind::kBarrierAll;
      out.events.push_back(std::move(e));
      continue;
    }
    if (s == "SetFlag" || s == "set_flag" || s == "WaitFlag" || s == "wait_flag") {
      e.kind = s == "SetFlag" || s == "set_flag" ? EvKind::kSetFlag : EvKind::kWaitFlag;
      out.events.push_back(std::move(e));
      continue;
    }
  }
  // Names the function declares itself (parameters, locals) hide the file's
  // constants of the same spelling: they become unknown, never the wrong value.
  for (size_t i = f.params_open + 1; i < f.body_close; ++i) {
    if (!v.ident(i) || i == f.body_open) continue;
    bool afterType = v.ident(i - 1) || v.is(i - 1, ">") || v.is(i - 1, "*") || v.is(i - 1, "&");
    std::string_view next = v.at(i + 1);
    bool declarator = next == "=" || next == ";" || next == "," || next == ")" || next == "{" || next == "[" ||
                      next == ":" || next == "(";
    if (!afterType || !declarator || out.locals.count(v.at(i))) continue;
    Symbol hidden;
    hidden.kind = SymKind::kConstant;
    hidden.decl = i;
    hidden.ambiguous = true;
    out.locals.emplace(v.at(i), hidden);
  }
  // Escapes: a tracked tensor used anywhere kiln cannot follow it.
  if (tracked.empty()) return out;
  std::vector<std::string_view> callees;
  Walker w2{v, f.body_open + 1, f.body_close};
  std::vector<Event> escapes;
  for (size_t i = w2.begin; i < w2.end; ++i) {
    std::string_view s = v.at(i);
    if (v.is(i, "(")) {
      // The callee: `f(`, `obj.f(`, `f<T>(`.
      size_t k = i - 1;
      if (v.is(k, ">")) {
        size_t stop = k > 16 ? k - 16 : 0;
        while (k > stop && !v.is(k, "<")) --k;
        --k;
      }
      callees.push_back(k < i && v.ident(k) ? v.at(k) : std::string_view());
    } else if (v.is(i, ")")) {
      if (!callees.empty()) callees.pop_back();
    }
    bool cond = w2.conditional(), loop = w2.inLoop();
    w2.track(i);
    if (!v.ident(i) || !tracked.count(s) || handled.count(i)) continue;
    if (i > 0 && (v.is(i - 1, ".") || v.is(i - 1, "->") || v.is(i - 1, "::"))) continue;  // a member of something else
    if (v.is(i + 1, "=")) continue;  // assigned: the events above saw what
    if (i > 0 && (v.is(i - 1, ">") || v.is(i - 1, "auto") || v.is(i - 1, "&"))) {
      if (v.is(i + 1, ";") || v.is(i + 1, "=") || v.is(i + 1, ",") || v.is(i + 1, ")")) continue;  // a declaration
    }
    bool escape = false;
    if (!callees.empty()) {
      std::string_view callee = callees.back();
      escape = callee.empty() || !knownOp(callee);
      if (callee == "if" || callee == "while" || callee == "switch") escape = false;
    } else {
      // A statement of its own: `x.SetValue(...)`, or `y = x;`, `return x;`.
      escape = !(v.is(i + 1, ".") || v.is(i + 1, "["));
    }
    if (!escape) continue;
    Event e;
    e.kind = EvKind::kEscape;
    e.tok = i;
    e.var = s;
    e.conditional = cond;
    e.in_loop = loop;
    escapes.push_back(std::move(e));
  }
  if (!escapes.empty()) {
    std::vector<Event> merged;
    merged.reserve(out.events.size() + escapes.size());
    size_t a = 0, b = 0;
    while (a < out.events.size() || b < escapes.size()) {
      if (b == escapes.size() || (a < out.events.size() && out.events[a].tok < escapes[b].tok))
        merged.push_back(std::move(out.events[a++]));
      else
        merged.push_back(std::move(escapes[b++]));
    }
    out.events = std::move(merged);
  }
  return out;
}

}  // namespace kiln::ascend::validate
