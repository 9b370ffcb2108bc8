// Manifest: the cached value of an action. The cache knows only bytes, as
// ccache's storage layer does: an opaque record, whose schema belongs to the
// layer above (kiln's compile results store a kiln.v1 CachedResult, see
// proto/convert/cached_result.h), and the blobs it names by digest, which
// the cache reads with it in one snapshot and verifies.
//
// Encoding "kiln.manifest.v3" (integers are LEB128 varints, strings are a
// varint length and the bytes):
//
//   "KMF" 0x03          magic and version
//   n, then n blobs     32 digest bytes, size
//   record              string
//
// A decoder must consume exactly every byte; anything else is corruption.
// v1 and v2 manifests (which spelled out diagnostics, launch metadata and
// timings) are recognised as outdated: dropped as misses, never counted as
// corruption, and recompiled.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/digest.h"

namespace kiln::cache {

struct ManifestBlob {
  Digest digest;
  std::int64_t size = 0;
  friend bool operator==(const ManifestBlob &, const ManifestBlob &) = default;
};

struct Manifest {
  std::vector<ManifestBlob> blobs;  // in the record's order; a digest may repeat
  std::string record;               // opaque to the cache
  friend bool operator==(const Manifest &, const Manifest &) = default;
};

std::string serializeManifest(const Manifest &manifest);

// nullopt when the bytes are not a well-formed kiln.manifest.v3 encoding;
// the cache treats that as corruption of the action row unless
// isOutdatedManifest() says it is an older version's.
std::optional<Manifest> parseManifest(std::string_view bytes);

// A manifest written by a kiln before v3: not damage, just no longer read.
bool isOutdatedManifest(std::string_view bytes);

}  // namespace kiln::cache
