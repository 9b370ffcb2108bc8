#include "worker/backends/ascend/ascend_backend.h"

#include "worker/backends/ascend/ascend_compile.h"
#include "worker/backends/ascend/ascend_profile.h"
#include "worker/backends/ascend/ascend_source_inputs.h"
#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend {

const std::vector<std::string> &AscendBackend::targets() const { return ascendTargetNames(); }

std::vector<EmitRoute> AscendBackend::routes() const { return ascend::routes(); }

ToolchainProfile AscendBackend::profile() const { return toolchainProfile(toolchains_); }

std::vector<Diagnostic> AscendBackend::missingTools() const {
  std::vector<Diagnostic> out = toolchains_.bishengMissing();
  out.insert(out.end(), toolchains_.ptoasMissing().begin(), toolchains_.ptoasMissing().end());
  return out;
}

CompileResult AscendBackend::compile(const CompileRequest &request, const CompileHooks &hooks) const {
  if (request.input == InputKind::kPto) return compilePtoInput(request, toolchains_, hooks);
  if (request.input == InputKind::kAscendC) return compileAscendCInput(request, toolchains_, hooks);
  return ascend::compile(request, toolchains_, hooks);
}

}  // namespace kiln::ascend
