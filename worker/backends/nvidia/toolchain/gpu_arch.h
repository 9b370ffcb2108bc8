// The NVIDIA architectures kiln compiles for. An arch string reaches a
// compiler's command line, so only these exact spellings are accepted.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"

namespace kiln::nvidia {

/// sm_75, sm_80, sm_86, sm_89, sm_90, sm_100, sm_120 (nvcc 13 dropped sm_70),
/// and the arch-specific sm_90a, sm_100a, sm_120a.
const std::vector<std::string> &supportedArchs();

bool isSupportedArch(std::string_view arch);

/// The error for an unsupported `arch`, reported as `tool`; nothing when
/// the arch is supported.
std::optional<Diagnostic> checkArch(std::string_view arch, std::string_view tool);

/// "sm_90" for "sm_90a": the generation whose device limits apply.
std::string baseArch(std::string_view arch);

/// "compute_90" for "sm_90": the virtual arch of the same generation.
std::string virtualArch(std::string_view arch);

}  // namespace kiln::nvidia
