// Manifest: the cached value of an action — everything a compile produced
// except the artifact bytes, which live as blobs named by digest.
//
// Stored as JSON with "format": "kiln.manifest.v1" so operators can read it
// with the sqlite3 shell, and so a future format can be told apart.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/digest.h"

namespace kiln::cache {

inline constexpr const char *kManifestFormat = "kiln.manifest.v1";

struct ManifestArtifact {
  std::string name;  // file name, e.g. "kernel.cubin"
  std::string kind;  // emit kind, e.g. "cubin"
  Digest digest;
  std::int64_t size = 0;
  friend bool operator==(const ManifestArtifact &, const ManifestArtifact &) = default;
};

struct ManifestDiagnostic {
  std::string severity;  // "error", "warning", "note"
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  friend bool operator==(const ManifestDiagnostic &, const ManifestDiagnostic &) = default;
};

struct ManifestTiming {
  std::string stage;
  double milliseconds = 0;
  friend bool operator==(const ManifestTiming &, const ManifestTiming &) = default;
};

struct Manifest {
  bool succeeded = true;
  std::vector<ManifestArtifact> artifacts;
  std::vector<ManifestDiagnostic> diagnostics;
  std::string launch_metadata;  // launch.json, verbatim
  std::vector<ManifestTiming> timings;
  std::string worker;  // id of the worker that produced it
  friend bool operator==(const Manifest &, const Manifest &) = default;
};

std::string serializeManifest(const Manifest &manifest);

// nullopt when the text is not a well-formed kiln.manifest.v1 document;
// the cache treats that as corruption of the action row.
std::optional<Manifest> parseManifest(std::string_view text);

}  // namespace kiln::cache
