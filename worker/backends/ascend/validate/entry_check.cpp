// [ascendc.entry]: the kernels kiln can launch. An entry is a function
// defined `extern "C" __global__ __aicore__` (or `__vector__`/`__cube__`,
// the newer .asc spelling) at namespace scope. kiln's launcher finds a
// kernel by its plain name, so a __global__ function without C linkage
// (mangled) is lost, and so is one that the preprocessor drops under every
// configuration kiln compiles the target in (pp_conditions.h): an error
// when that leaves the file no kernel for the target, a warning beside
// kernels that remain.
#include <algorithm>
#include <unordered_set>

#include "worker/backends/ascend/validate/checks.h"

namespace kiln::ascend::validate {
namespace {

// The outermost #if group around `region` that no configuration compiles, else the
// innermost undecidable one; 0 when there is none.
uint32_t decidingRegion(const PpResult &pp, uint32_t region, Tri want) {
  uint32_t found = 0;
  int steps = 0;
  for (uint32_t r = region; r != 0 && ++steps < 256; r = pp.regions[r].parent)
    if (pp.regions[r].live == want) {
      found = r;
      if (want == kUnknown) break;
    }
  return found;
}

// An identifier in a declaration's specifiers [b, name) that is none of the
// ones a kernel declaration is written with: maybe a macro. Returns its
// index + 1, or 0.
size_t macroBefore(const CodeView &v, size_t b, size_t name) {
  static const std::unordered_set<std::string_view> kKnown = {
      "__global__", "__aicore__", "__vector__", "__cube__", "void", "inline", "static", "extern", "__attribute__",
      "__inline__", "__forceinline__", "noexcept"};
  for (size_t i = b; i < name; ++i) {
    if (v.is(i, "__attribute__") && v.is(i + 1, "(") && v.match[i + 1] != kNone) {
      i = v.match[i + 1];
      continue;
    }
    if (v.ident(i) && !kKnown.count(v.at(i))) return i + 1;
  }
  return 0;
}

// The first #define of the file whose body says __global__ (kernels may be
// declared through it): the index of its name token, or kNone.
size_t globalMacro(const CheckContext &c) {
  size_t first = kNone;
  for (const auto &[name, def] : c.pp.defines)
    for (uint32_t k = def.body_begin; k < def.body_end && k < c.raw.size(); ++k)
      if (tokenText(c.source.text, c.raw[k]) == "__global__" && def.body_begin > 0)
        first = std::min<size_t>(first, def.body_begin - 1);
  return first;
}

}  // namespace

void checkEntries(const CheckContext &c, std::vector<Diagnostic> &out, std::vector<std::string> &entries) {
  const CodeView &v = c.view;
  const std::vector<std::string_view> &declared = c.structure.extern_c_names;
  bool anyGlobal = false;
  for (const FunctionInfo &f : c.structure.functions) {
    if (!f.global || f.name == kNone) continue;
    anyGlobal = true;
    std::string name(v.at(f.name));
    const Token &at = v.tokens[f.name];
    if (f.in_class) {
      out.push_back(located(Severity::kError, c.source, at,
                            "[ascendc.entry] '" + name + "' is __global__ inside a class: a kernel entry must be a "
                            "free function declared extern \"C\" __global__ __aicore__"));
      continue;
    }
    bool externC = f.extern_c || std::find(declared.begin(), declared.end(), v.at(f.name)) != declared.end();
    if (!f.is_template && !externC && macroBefore(v, f.decl_begin, f.name)) {
      // EXTERN_C __global__ ...: the linkage may come from a macro kiln does not expand.
      out.push_back(located(Severity::kNote, c.source, at,
                            "[ascendc.entry] kiln cannot tell whether kernel '" + name + "' has C linkage: '" +
                                std::string(v.at(macroBefore(v, f.decl_begin, f.name) - 1)) +
                                "' before it may be a macro that says extern \"C\""));
      entries.push_back(name);
      continue;
    }
    if (f.is_template || !externC) {
      out.push_back(located(Severity::kError, c.source, at,
                            "[ascendc.entry] kernel '" + name + "' is __global__ but " +
                                (f.is_template ? "a template" : "not extern \"C\"") +
                                ": its symbol is C++-mangled and kiln's launcher, which finds a kernel by its plain "
                                "name, will not find it; declare it extern \"C\" __global__ __aicore__ void " + name +
                                "(...)"));
      continue;
    }
    if (!f.aicore && !f.vector_or_cube)
      out.push_back(located(Severity::kWarning, c.source, at,
                            "[ascendc.entry] kernel '" + name + "' is __global__ without __aicore__ (or __vector__/"
                            "__cube__): AscendC entries are extern \"C\" __global__ __aicore__"));
    // v holds only tokens some configuration may compile; unknown ones say so.
    if (v.live[f.name] == kUnknown) {
      uint32_t r = decidingRegion(c.pp, v.region[f.name], kUnknown);
      const PpRegion &region = c.pp.regions[r];
      Diagnostic d = located(Severity::kNote, c.source, at,
                             "[ascendc.entry] kiln cannot tell whether kernel '" + name + "' is compiled for " +
                                 c.target.name + ": it sits under " + region.directive + " at line " +
                                 std::to_string(region.line) +
                                 (region.unknown.empty() ? std::string() : ", which depends on " + region.unknown) +
                                 ", a macro kiln's flags do not set (" + describeConfigs(c.configs) + ")");
      out.push_back(std::move(d));
    }
    entries.push_back(name);
  }
  // __global__ definitions the preprocessor drops: in the raw tokens, not the view.
  // An error when no kernel is left for the target; beside kernels that are,
  // a warning (a file may specialise its kernels per SoC on purpose).
  bool othersSurvive = !entries.empty();
  Severity dropped = othersSurvive ? Severity::kWarning : Severity::kError;
  const std::vector<Token> &raw = c.raw;
  std::string_view text = c.source.text;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i].in_directive || c.pp.live[i] != kNo || tokenText(text, raw[i]) != "__global__") continue;
    // The name: the identifier before the first '(' that follows, on the same declaration.
    size_t k = i + 1;
    while (k < raw.size() && !raw[k].in_directive && tokenText(text, raw[k]) != "(" && tokenText(text, raw[k]) != ";" &&
           tokenText(text, raw[k]) != "{" && k - i < 64)
      ++k;
    if (k >= raw.size() || tokenText(text, raw[k]) != "(" || raw[k - 1].kind != TokKind::kIdent) continue;
    // Only a definition: the parameter list is followed by its body.
    size_t close = k;
    for (int depth = 0; close < raw.size() && close - k < 4096; ++close) {
      if (raw[close].in_directive) continue;
      std::string_view s = tokenText(text, raw[close]);
      if (s == "(") ++depth;
      if (s == ")" && --depth == 0) break;
    }
    size_t after = close + 1;
    while (after < raw.size() && raw[after].in_directive) ++after;
    if (close - k >= 4096 || after >= raw.size() || tokenText(text, raw[after]) != "{") continue;
    std::string name(tokenText(text, raw[k - 1]));
    anyGlobal = true;
    // Another branch defines it for this target: the one kiln's flags pick.
    if (std::find(entries.begin(), entries.end(), name) != entries.end()) continue;
    uint32_t r = decidingRegion(c.pp, c.pp.region[i], kNo);
    const PpRegion &region = c.pp.regions[r];
    Diagnostic d = located(dropped, c.source, raw[k - 1],
                           "[ascendc.entry] kernel '" + name + "' is excluded by the preprocessor on " +
                               c.target.name + ": kiln compiles it with " + describeConfigs(c.configs) +
                               ", and no configuration reaches it, so bisheng never sees it and kiln's launcher will "
                               "not find it" +
                               (othersSurvive ? " (a warning: other kernels of the file are compiled)"
                                              : "; no kernel of this file is left for " + c.target.name));
    if (r != 0)
      d.notes.push_back(located(Severity::kNote, c.source, region.line, region.column,
                                "the " + region.directive + " that excludes it on " + c.target.name));
    out.push_back(std::move(d));
  }
  size_t viaMacro = entries.empty() && !anyGlobal ? globalMacro(c) : kNone;
  if (viaMacro != kNone)
    out.push_back(located(Severity::kNote, c.source, c.raw[viaMacro],
                          "[ascendc.entry] kiln sees no extern \"C\" __global__ __aicore__ function, but macro '" +
                              std::string(tokenText(c.source.text, c.raw[viaMacro])) +
                              "' says __global__ and kiln does not expand macros: it cannot tell which kernels the "
                              "file has"));
  else if (entries.empty() && !anyGlobal)
    out.push_back(located(Severity::kError, c.source, 0, 0,
                          "[ascendc.entry] no kernel entry: kiln launches functions defined extern \"C\" __global__ "
                          "__aicore__ void name(GM_ADDR ...), and this file has none"));
}

}  // namespace kiln::ascend::validate
