#include "worker/backends/ascend/validate/ascendc_validation.h"

#include "worker/backends/ascend/validate/checks.h"
#include "worker/backends/ascend/validate/cpp_lexer.h"

namespace kiln::ascend {
namespace validate {

Diagnostic located(Severity severity, const SourceFile &source, uint32_t line, uint32_t column, std::string message) {
  Diagnostic d;
  d.severity = severity;
  d.file = source.name;
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  return d;
}

Diagnostic located(Severity severity, const SourceFile &source, const Token &at, std::string message) {
  return located(severity, source, at.line, at.column, std::move(message));
}

namespace {

// The first NUL byte or invalid UTF-8 sequence: its line and column, or line 0.
std::pair<uint32_t, uint32_t> firstBadByte(std::string_view s, std::string &why) {
  uint32_t line = 1;
  size_t lineStart = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    auto bad = [&](const char *what) {
      why = what;
      return std::pair<uint32_t, uint32_t>{line, static_cast<uint32_t>(i - lineStart + 1)};
    };
    if (c == '\n') {
      ++line;
      lineStart = ++i;
      continue;
    }
    if (c == 0) return bad("a NUL byte");
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
    if (c >= 0xF5 || n == 0 || i + n > s.size()) return bad("invalid UTF-8");
    for (size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return bad("invalid UTF-8");
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0) || (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90))
      return bad("invalid UTF-8");
    i += n;
  }
  return {0, 0};
}

}  // namespace
}  // namespace validate

AscendCValidation validateAscendC(const SourceFile &source, const AscendTarget &target,
                                  const AscendCValidationConfig &config) {
  using namespace validate;
  AscendCValidation result;
  std::vector<Diagnostic> &out = result.diagnostics;
  if (source.text.size() > config.max_source_bytes) {
    out.push_back(located(Severity::kError, source, 0, 0,
                          "[ascendc.input] the source is " + std::to_string(source.text.size()) +
                              " bytes, over the limit of " + std::to_string(config.max_source_bytes) + " bytes"));
    return result;
  }
  std::string why;
  auto [badLine, badColumn] = firstBadByte(source.text, why);
  if (badLine != 0) {
    out.push_back(located(Severity::kError, source, badLine, badColumn,
                          "[ascendc.input] " + why + ": an AscendC source must be UTF-8 text; this looks like binary data"));
    return result;
  }

  LexResult lex = lexCpp(source.text);
  for (const LexError &e : lex.errors) out.push_back(located(Severity::kError, source, e.line, e.column, "[ascendc.input] " + e.message));
  std::vector<PpConfig> configs = ppConfigsFor(target);
  PpResult pp = evaluatePreprocessor(source.text, lex.tokens, configs);
  for (const PpError &e : pp.errors) out.push_back(located(Severity::kError, source, e.line, e.column, "[ascendc.input] " + e.message));
  for (size_t i = 0; i < lex.tokens.size(); ++i) {
    const Token &t = lex.tokens[i];
    if (t.kind != TokKind::kUnterminated || pp.live[i] == kNo) continue;  // skipped #if groups may hold stray quotes
    std::string_view literal = tokenText(source.text, t);
    char quote = literal[literal.find_first_of("\"'")];
    out.push_back(located(Severity::kError, source, t,
                          std::string("[ascendc.input] missing terminating ") + quote +
                              " character: the literal runs to the end of its line"));
  }
  checkIncludes(source, pp, out);

  if (!hasErrors(out)) {
    CodeView view = buildCodeView(source.text, lex.tokens, pp);
    if (!view.balanced) {
      out.push_back(located(Severity::kNote, source, 0, 0,
                            "[ascendc.input] kiln cannot pair the file's brackets (unbalanced, or split across #if "
                            "branches it cannot decide); the checks beyond the input and the includes were skipped"));
    } else {
      Structure structure = scanStructure(view);
      SymbolTable fileSymbols;
      for (auto [b, e] : structure.outside) scanDeclarations(view, b, e, fileSymbols);
      Constants constants(view, source.text, lex.tokens, pp, fileSymbols);
      CheckContext context{source, target, lex.tokens, pp, configs, view, structure, fileSymbols, constants, {}};
      context.functions.reserve(structure.functions.size());
      for (const FunctionInfo &f : structure.functions) context.functions.push_back(collectEvents(view, f));
      checkEntries(context, out, result.entry_points);
      checkSync(context, out);
      checkCapacity(context, out);
      checkDataCopyAlign(context, out);
      checkQueues(context, out);
    }
  }
  if (out.size() > config.max_diagnostics) {
    size_t more = out.size() - config.max_diagnostics;
    bool failed = hasErrors(out);
    Diagnostic firstError;
    for (const Diagnostic &d : out)
      if (d.severity == Severity::kError) {
        firstError = d;
        break;
      }
    out.resize(config.max_diagnostics);
    if (failed && !hasErrors(out)) out.push_back(std::move(firstError));  // the verdict survives the cut
    out.push_back(located(Severity::kNote, source, 0, 0,
                          "[ascendc.input] " + std::to_string(more) + " more diagnostics not shown"));
  }
  for (Diagnostic &d : out) d.tool = "kiln";
  return result;
}

}  // namespace kiln::ascend
