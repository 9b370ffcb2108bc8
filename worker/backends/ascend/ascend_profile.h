// What the Ascend backend advertises: the tools each route runs, and the
// identities and settings that enter cache keys with its lowering version.
#pragma once

#include <vector>

#include "core/emit_route.h"
#include "core/toolchain_profile.h"
#include "worker/backends/ascend/ascend_toolchains.h"

namespace kiln::ascend {

// Names kiln's own Ascend code generation (both emitters and the Ascend
// planner) in every key. Bump it whenever the AscendC or PTO written for
// the same input can change.
inline constexpr const char *kLoweringVersion = "kiln-ascend.1";

// "bisheng"/"ptoas" -> their identities (absent when not found); a digest
// of the device overrides as a setting when there are any.
ToolchainProfile toolchainProfile(const Toolchains &toolchains);

// ascendc and pto need no tool; obj needs bisheng; pto-obj needs ptoas and
// bisheng, on the targets PTOAS has an arch for.
std::vector<EmitRoute> routes();

}  // namespace kiln::ascend
