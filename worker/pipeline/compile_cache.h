// Compiling through the artifact cache: the action key of a compile request,
// and the translation between a CompileResult and a cached manifest. kilnd
// and `kiln compile --local --cache DB` both go through here, so a result
// cached by one is a hit for the other.
//
// MLIR-free, like compile.h.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/action_key.h"
#include "cache/artifact_cache.h"
#include "core/toolchain_profile.h"
#include "worker/pipeline/compile.h"

namespace kiln {

// Names kiln's own lowering in every key. Bump it whenever a change to
// worker/plan or worker/lower can change what is emitted for the same
// input; old cache entries then stop matching instead of being served.
inline constexpr const char *kNvidiaLoweringVersion = "kiln-nvidia.2";

struct CompileKey {
  cache::ActionKeyInput input;  // what went into the key (action_key.h)
  cache::Digest digest;
};

struct CompileKeyResult {
  std::optional<CompileKey> key;         // absent: do not use the cache
  std::vector<Diagnostic> diagnostics;   // the front end's, when the IR is invalid
};

// The key of `request` in `environment`:
//  - ir: the canonical IR digest (so comments and renaming still hit);
//  - target, emit kinds;
//  - options: the path (builtin/nvcc), block size, target overrides and the
//    source name, which names the artifacts;
//  - oracle: the request's oracle mode ("error", "warn", "off");
//  - tools: identities (version + SHA-256) of the tools the path runs, plus
//    libdevice's SHA-256 and LLVM's version on the built-in path;
//  - lowering: kNvidiaLoweringVersion.
// No key when the IR does not verify or a tool the request needs is missing:
// those requests compile (and fail) without the cache.
CompileKeyResult compileKey(const CompileRequest &request, const CompileEnvironment &environment);

// The profile (core/toolchain_profile.h) of `environment`'s tools and settings.
ToolchainProfile toolchainProfile(const CompileEnvironment &environment);

// The names of the tools `request` runs ("llvm", "libdevice", "ptxas",
// "nvcc"); a worker must have them all to take the job.
std::vector<std::string> requiredTools(const CompileRequest &request);

// The key for `request` whose IR has the canonical digest `ir_digest`, on a
// worker with `profile`; nothing when the profile lacks a required tool.
// For kilnd's direct lookup, `ir_digest` may instead be rawIrDigest(text):
// a request that repeats byte for byte then hits without parsing the IR.
std::optional<CompileKey> compileKeyFor(const CompileRequest &request, const std::string &ir_digest,
                                        const ToolchainProfile &profile);

// "raw:<sha256 of the bytes>": never equal to a canonical digest (64 hex
// digits), so a direct key cannot alias a canonical one.
std::string rawIrDigest(std::string_view text);

// Successful results. One with a diagnostic tied to a source position (an
// oracle warning) records which source bytes the positions refer to.
bool isCacheable(const CompileResult &result);

// The key ignores comments and whitespace, so two sources with one key may
// put a kernel on different lines: a hit whose diagnostics are located in
// other bytes than `source_text` must be compiled again, not served.
bool hitServes(const cache::Manifest &manifest, std::string_view source_text);

// Whether any diagnostic (or note) of `result` points at a source line.
bool hasLocatedDiagnostics(const CompileResult &result);

// The oracle verdict and every diagnostic with its notes go into the
// manifest, so a cached artifact carries its verdict.
cache::Manifest toManifest(const CompileResult &result, const std::string &worker, std::string_view source_text);
CompileResult fromCacheHit(const cache::ActionHit &hit);

struct CachedCompile {
  CompileResult result;
  bool cache_hit = false;
  std::string key;  // hex, empty when the cache was not used
  // A cache that fails (full disk, locked) never fails the compile: the
  // reason lands here and the result is compiled or served without it.
  std::optional<std::string> cache_problem;
};

CachedCompile compileWithCache(const CompileRequest &request, const CompileEnvironment &environment,
                               cache::ArtifactCache &cache, const std::string &worker);

}  // namespace kiln
