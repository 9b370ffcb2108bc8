// The cache-through policy: the one set of rules by which kilnd and
// `kiln compile --local --cache` use the artifact cache.
//
//   1. direct: the key over the raw source bytes, for each candidate
//      profile in order (no parse; a request repeated byte for byte);
//   2. canonical: the key over the canonical IR digest (the same kernel
//      written differently); a hit is also stored under the direct key,
//      and a hit with located diagnostics serves only its own source bytes;
//   3. a miss carries both keys, and a successful result is stored under
//      both before anyone is answered.
// A cache that fails (full disk, locked) never fails a compile: the
// problem is reported and the compile goes on uncached.
//
// MLIR-free; the caller computes the canonical digest (kilnd parses, the
// library path gets it from the backend's after_parse hook).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/artifact_cache.h"
#include "core/compile_request.h"
#include "core/compile_result.h"
#include "core/toolchain_profile.h"
#include "proto/convert/cached_result.h"
#include "worker/pipeline/compile_key.h"

namespace kiln {

// The keys one compile is stored under.
struct CompileKeys {
  CompileKey canonical;
  CompileKey direct;
};

struct CacheHit {
  wire::CachedResult cached;
  std::string key;  // hex of the canonical key the result was stored under
  std::string direct_key;  // hex of the request's direct key under the profile that hit, when known
};

class CacheThrough {
 public:
  using Warn = std::function<void(const std::string &)>;
  CacheThrough(cache::ArtifactCache &cache, Warn warn) : cache_(cache), warn_(std::move(warn)) {}

  // The direct keys of `request` under each of `profiles`, in order, and one
  // key's lookup: kilnd asks its in-memory results first, key by key.
  static std::vector<CompileKey> directKeys(const CompileRequest &request,
                                            const std::vector<ToolchainProfile> &profiles,
                                            const std::vector<std::string> &tools);
  // A kProbe miss is not counted (one miss per request, not per key).
  std::optional<CacheHit> find(const CompileKey &key, std::string_view source_text,
                               cache::ArtifactCache::Lookup lookup = cache::ArtifactCache::Lookup::kCounted);

  // 1. The request's bytes under each of `profiles`, in order.
  std::optional<CacheHit> findDirect(const CompileRequest &request, const std::vector<ToolchainProfile> &profiles,
                                     const std::vector<std::string> &tools);
  // 2. Its canonical digest under each of `profiles`; a hit is stored under
  //    its direct key too.
  std::optional<CacheHit> findCanonical(const CompileRequest &request, const std::string &canonical_digest,
                                        const std::vector<ToolchainProfile> &profiles,
                                        const std::vector<std::string> &tools);
  // 3. The keys a miss on `profile` is stored under; nothing when the
  //    profile lacks a tool (the compile then runs uncached).
  static std::optional<CompileKeys> keysFor(const CompileRequest &request, const std::string &canonical_digest,
                                            const ToolchainProfile &profile, const std::vector<std::string> &tools);
  //    A hit for `keys` that appeared meanwhile (another compile stored it).
  std::optional<CacheHit> recheck(const CompileKeys &keys, std::string_view source_text);
  // 4. Stores a successful `result` under both keys; false (with a warning)
  //    when the cache refused it.
  bool store(const CompileKeys &keys, const CompileResult &result, const std::string &worker,
             std::string_view source_text);

  // Successful results are cached; failures are compiled again.
  static bool cacheable(const CompileResult &result) { return result.ok(); }

 private:
  cache::ArtifactCache &cache_;
  Warn warn_;
};

}  // namespace kiln
