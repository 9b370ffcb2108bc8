// The action key of a compile (cache/action_key.h): what a result is cached
// under. kilnd and `kiln compile --local --cache` build it here alike, so a
// result cached by one is a hit for the other. MLIR-free, and backend-free:
// the profile and the tools come from what a worker advertises.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/action_key.h"
#include "core/compile_request.h"
#include "core/toolchain_profile.h"

namespace kiln {

struct CompileKey {
  cache::ActionKeyInput input;  // what went into the key
  cache::Digest digest;
};

// The key for `request` whose IR has digest `ir_digest`, on a worker with
// `profile`, running `tools` (core/emit_route.h: toolsFor):
//  - ir: the canonical IR digest (so comments and renaming SSA values still
//    hit), or rawIrDigest(text) for a lookup that skips parsing;
//  - target, emit kinds, the oracle mode;
//  - options: the profile's settings, the path, and the source name, which
//    names the artifacts and every diagnostic's file;
//  - tools: the identity of each tool in `tools`;
//  - lowering: the profile's lowering version.
// Nothing when the profile lacks one of `tools`: the compile reports what is
// missing, uncached.
std::optional<CompileKey> compileKeyFor(const CompileRequest &request, const std::string &ir_digest,
                                        const ToolchainProfile &profile, const std::vector<std::string> &tools);

// "raw:<sha256 of the bytes>": never equal to a canonical digest (64 hex
// digits), so a direct key cannot alias a canonical one.
std::string rawIrDigest(std::string_view text);

}  // namespace kiln
