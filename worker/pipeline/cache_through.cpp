#include "worker/pipeline/cache_through.h"

namespace kiln {

std::optional<CacheHit> CacheThrough::find(const CompileKey &key, std::string_view source_text,
                                           cache::ArtifactCache::Lookup lookup) {
  auto hit = cache_.getAction(key.digest, lookup);
  if (!hit) {
    warn_("cache lookup failed: " + hit.error().message);
    return std::nullopt;
  }
  if (!hit->has_value()) return std::nullopt;
  std::optional<wire::CachedResult> cached = wire::fromCacheHit(std::move(**hit));
  if (!cached) {
    warn_("cache entry " + key.digest.hex().substr(0, 16) + " has a record this kiln cannot read; compiling again");
    return std::nullopt;
  }
  if (!cached->serves(source_text)) return std::nullopt;
  std::string reported = cached->canonical_key.empty() ? key.digest.hex() : cached->canonical_key;
  return CacheHit{std::move(*cached), std::move(reported)};
}

std::vector<CompileKey> CacheThrough::directKeys(const CompileRequest &request,
                                                 const std::vector<ToolchainProfile> &profiles,
                                                 const std::vector<std::string> &tools) {
  std::vector<CompileKey> keys;
  std::string raw = rawIrDigest(request.source.text);
  for (const ToolchainProfile &profile : profiles)
    if (std::optional<CompileKey> key = compileKeyFor(request, raw, profile, tools)) keys.push_back(std::move(*key));
  return keys;
}

std::optional<CacheHit> CacheThrough::findDirect(const CompileRequest &request,
                                                 const std::vector<ToolchainProfile> &profiles,
                                                 const std::vector<std::string> &tools) {
  for (const CompileKey &key : directKeys(request, profiles, tools))
    if (std::optional<CacheHit> hit = find(key, request.source.text, cache::ArtifactCache::Lookup::kProbe)) return hit;
  return std::nullopt;
}

std::optional<CompileKeys> CacheThrough::keysFor(const CompileRequest &request, const std::string &canonical_digest,
                                                 const ToolchainProfile &profile,
                                                 const std::vector<std::string> &tools) {
  std::optional<CompileKey> canonical = compileKeyFor(request, canonical_digest, profile, tools);
  std::optional<CompileKey> direct = compileKeyFor(request, rawIrDigest(request.source.text), profile, tools);
  if (!canonical || !direct) return std::nullopt;
  return CompileKeys{std::move(*canonical), std::move(*direct)};
}

std::optional<CacheHit> CacheThrough::findCanonical(const CompileRequest &request, const std::string &canonical_digest,
                                                    const std::vector<ToolchainProfile> &profiles,
                                                    const std::vector<std::string> &tools) {
  for (const ToolchainProfile &profile : profiles) {
    std::optional<CompileKeys> keys = keysFor(request, canonical_digest, profile, tools);
    if (!keys) continue;
    auto hit = cache_.getAction(keys->canonical.digest);
    if (!hit) {
      warn_("cache lookup failed: " + hit.error().message);
      continue;
    }
    if (!hit->has_value()) continue;
    cache::Manifest manifest = (**hit).manifest;
    std::optional<wire::CachedResult> cached = wire::fromCacheHit(std::move(**hit));
    if (!cached || !cached->serves(request.source.text)) continue;
    // The next identical request then hits without parsing.
    if (cache::Status put = cache_.putAction(keys->direct.digest, manifest); !put)
      warn_("cache alias not stored: " + put.error().message);
    return CacheHit{std::move(*cached), keys->canonical.digest.hex(), keys->direct.digest.hex()};
  }
  return std::nullopt;
}

std::optional<CacheHit> CacheThrough::recheck(const CompileKeys &keys, std::string_view source_text) {
  return find(keys.canonical, source_text, cache::ArtifactCache::Lookup::kProbe);
}

bool CacheThrough::store(const CompileKeys &keys, const CompileResult &result, const std::string &worker,
                         std::string_view source_text) {
  if (!cacheable(result)) return false;
  cache::Manifest manifest = wire::toManifest(result, worker, source_text, keys.canonical.digest.hex());
  std::vector<std::string_view> blobs;
  for (const Artifact &a : result.artifacts) blobs.push_back(a.bytes);
  cache::Status put = cache_.putAction(keys.canonical.digest, manifest, blobs);
  if (put) put = cache_.putAction(keys.direct.digest, manifest);
  if (!put) {
    warn_("result of " + keys.canonical.digest.hex().substr(0, 16) + " not cached: " + put.error().message);
    return false;
  }
  return true;
}

}  // namespace kiln
