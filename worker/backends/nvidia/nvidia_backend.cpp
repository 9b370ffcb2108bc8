#include "worker/backends/nvidia/nvidia_backend.h"

#include <algorithm>

#include "worker/backends/nvidia/nvidia_compile.h"
#include "worker/backends/nvidia/nvidia_profile.h"
#include "worker/backends/nvidia/nvidia_ptx_input.h"
#include "worker/backends/nvidia/toolchain/gpu_arch.h"

namespace kiln::nvidia {

// Tile IR's targets, then the arch-specific ones only PTX inputs take.
const std::vector<std::string> &NvidiaBackend::targets() const {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out = plan::nvidiaTargetNames();
    for (const std::string &arch : supportedArchs())
      if (std::find(out.begin(), out.end(), arch) == out.end()) out.push_back(arch);
    return out;
  }();
  return names;
}

std::vector<EmitRoute> NvidiaBackend::routes() const { return nvidia::routes(); }

ToolchainProfile NvidiaBackend::profile() const { return toolchainProfile(toolchains_); }

std::vector<Diagnostic> NvidiaBackend::missingTools() const {
  std::vector<Diagnostic> out = toolchains_.ptxasMissing();
  out.insert(out.end(), toolchains_.nvccMissing().begin(), toolchains_.nvccMissing().end());
  return out;
}

CompileResult NvidiaBackend::compile(const CompileRequest &request, const CompileHooks &hooks) const {
  if (request.input == InputKind::kPtx) return compilePtxInput(request, toolchains_, hooks);
  if (request.input != InputKind::kTileIr) {
    CompileResult refused;
    refused.diagnostics.push_back(
        {Severity::kError, {}, 0, 0, std::string("the NVIDIA backend takes Tile IR and PTX, not ") + inputKindTitle(request.input)});
    return refused;
  }
  return nvidia::compile(request, toolchains_, hooks);
}

}  // namespace kiln::nvidia
