// Telling CANN's bisheng (a clang for Ascend's AI cores) from Kunpeng's
// "BiSheng Enterprise" (a clang for Kunpeng CPUs, often installed as
// `bisheng`/`clang` too): both are clang, both say "BiSheng". kiln checks
// twice: the --version text must not name BiSheng Enterprise or Kunpeng,
// and `bisheng -print-targets` must list the hiipu64 device target (the
// check Triton-Ascend makes). The exact CANN --version text is not known
// (UNVERIFIED), so the version itself is read leniently and the binary's
// SHA-256 is what really identifies it. MLIR-free.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostic.h"
#include "worker/toolchain/tools/tool_identity.h"

namespace kiln::ascend {

/// IdentityConfig::refuse for bisheng: why `version_output` is a CPU
/// BiSheng's, or "" for anything else.
std::string refuseCpuBisheng(std::string_view version_output);

/// Runs `path -print-targets` (sandboxed as `config` says): nothing when it
/// lists hiipu64, otherwise the error refusing the binary.
std::optional<Diagnostic> checkBishengDeviceTarget(const std::string &path, const toolchain::IdentityConfig &config);

}  // namespace kiln::ascend
