#include "worker/backends/nvidia/nvidia_backend.h"

#include "worker/backends/nvidia/nvidia_compile.h"
#include "worker/backends/nvidia/nvidia_profile.h"

namespace kiln::nvidia {

const std::vector<std::string> &NvidiaBackend::targets() const { return plan::nvidiaTargetNames(); }

std::vector<EmitRoute> NvidiaBackend::routes() const { return nvidia::routes(); }

ToolchainProfile NvidiaBackend::profile() const { return toolchainProfile(toolchains_); }

std::vector<Diagnostic> NvidiaBackend::missingTools() const {
  std::vector<Diagnostic> out = toolchains_.ptxasMissing();
  out.insert(out.end(), toolchains_.nvccMissing().begin(), toolchains_.nvccMissing().end());
  return out;
}

CompileResult NvidiaBackend::compile(const CompileRequest &request, const CompileHooks &hooks) const {
  return nvidia::compile(request, toolchains_, hooks);
}

}  // namespace kiln::nvidia
