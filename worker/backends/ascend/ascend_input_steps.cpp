#include "worker/backends/ascend/ascend_input_steps.h"

#include "worker/backends/compile_steps.h"

namespace kiln::ascend {

bool asksOnlyFor(const CompileRequest &request, Emit only, const char *how, CompileResult &result) {
  for (Emit e : request.emit)
    if (e != only) {
      result.diagnostics.push_back(backends::plainError(std::string(how) + ": ask for --emit " + emitName(only) +
                                                        ", not " + emitName(e)));
      return false;
    }
  return true;
}

std::optional<AscendTarget> inputTarget(const CompileRequest &request, const Toolchains &env, CompileResult &result) {
  std::string problem;
  std::optional<AscendTarget> target = findAscendTarget(request.target, env.config().device_overrides_json, problem);
  if (!target)
    result.diagnostics.push_back(
        backends::plainError(problem.empty() ? "unknown Ascend target '" + request.target + "'" : problem));
  return target;
}

}  // namespace kiln::ascend
