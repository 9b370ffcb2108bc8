// A compile result as kiln's artifact cache keeps it: the cache stores an
// opaque record and the blobs it names (cache/manifest.h); the record is a
// kiln.v1 CachedResult, i.e. the JobResult a worker sends plus who produced
// it and which source bytes its located diagnostics refer to. One result
// schema from the job child to the client, the cache included.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/artifact_cache.h"
#include "core/compile_result.h"

namespace kiln::wire {

// The manifest for `result`, produced by `worker` from `source_text` and
// stored under the canonical key `canonical_key` (hex).
cache::Manifest toManifest(const CompileResult &result, const std::string &worker, std::string_view source_text,
                           const std::string &canonical_key = {});

struct CachedResult {
  CompileResult result;
  std::vector<std::string> digests;  // the artifacts' SHA-256 (hex), in order
  std::string worker;
  std::string located_source;  // empty when no diagnostic is located
  std::string canonical_key;   // hex; empty for records written without one

  // The key hashes canonical IR, so two sources with one key may put a
  // kernel on different lines: a located result serves only its own bytes.
  bool serves(std::string_view source_text) const;
};

// The result a hit holds; nothing when its record does not decode, does
// not match its blobs, or names an artifact with anything but a plain file
// name or a known kind (artifact_names.h); the caller treats that as a miss.
std::optional<CachedResult> fromCacheHit(cache::ActionHit hit);

// Whether any diagnostic (or note) of `result` points at a source line.
bool hasLocatedDiagnostics(const CompileResult &result);

}  // namespace kiln::wire
