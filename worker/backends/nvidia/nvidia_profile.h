// What the NVIDIA backend advertises: the tools each route runs, and the
// identities and settings that enter cache keys with its lowering version.
#pragma once

#include <vector>

#include "core/emit_route.h"
#include "core/toolchain_profile.h"
#include "worker/backends/nvidia/nvidia_toolchains.h"

namespace kiln::nvidia {

// Names kiln's own NVIDIA lowering in every key. Bump it whenever a change
// to worker/plan or backends/nvidia/lower can change what is emitted for
// the same input; old cache entries then stop matching instead of being served.
inline constexpr const char *kLoweringVersion = "kiln-nvidia.2";

// "llvm" -> LLVM's version, "libdevice" -> "sha256:<hex>", "ptxas"/"nvcc"
// -> their identities (absent when not found); "block_threads" and target
// overrides as settings.
ToolchainProfile toolchainProfile(const Toolchains &toolchains);

// builtin: ptx needs llvm and libdevice, cubin ptxas too, cuda only llvm;
// nvcc: ptx, cubin and fatbin need nvcc, cuda needs nothing.
std::vector<EmitRoute> routes();

}  // namespace kiln::nvidia
