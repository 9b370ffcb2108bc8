// [ascendc.include]: the operands of #include, #include_next, #import,
// #embed and __has_include/__has_include_next. kiln accepts only plain
// relative header names: the worker's sandbox shows bisheng nothing but the
// toolkit's include tree and the job's own files, and this check refuses
// what could reach past them before the preprocessor runs. Directives in
// #if groups kiln's flags drop are never opened, and are left alone.
#include "worker/backends/ascend/validate/checks.h"

namespace kiln::ascend::validate {

void checkIncludes(const SourceFile &source, const PpResult &pp, std::vector<Diagnostic> &out) {
  for (const IncludeUse &use : pp.includes) {
    if (use.live == kNo) continue;
    auto refuse = [&](const std::string &why) {
      out.push_back(located(Severity::kError, source, use.line, use.column,
                            "[ascendc.include] " + use.directive + " " + why));
    };
    bool next = use.directive == "#include_next" || use.directive == "__has_include_next";
    if (use.operand != TokKind::kHeaderName && use.operand != TokKind::kString) {
      refuse("with a computed operand" + (use.spelling.empty() ? std::string() : " (" + use.spelling + ")") +
             ": kiln accepts only a literal \"name\" or <name>, whose file it can judge before preprocessing");
      continue;
    }
    if (next) {
      refuse(use.spelling + ": kiln refuses _next lookups, which search the include path past the including file's own directory");
      continue;
    }
    std::string_view path = std::string_view(use.spelling).substr(1, use.spelling.size() - 2);
    if (use.operand == TokKind::kString && use.spelling[0] != '"') {
      refuse(use.spelling + ": a prefixed string literal is not a header name");
      continue;
    }
    if (path.empty()) refuse(use.spelling + ": an empty header name");
    else if (path[0] == '/') refuse(use.spelling + ": an absolute path; kiln accepts only names relative to the include path");
    else if (path.find('\\') != std::string_view::npos) refuse(use.spelling + ": a backslash in a header name");
    else if (path.find("..") != std::string_view::npos) refuse(use.spelling + ": a \"..\" in a header name could leave the include tree");
  }
}

}  // namespace kiln::ascend::validate
