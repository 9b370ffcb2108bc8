// Manifest: the cached value of an action — everything a compile produced
// except the artifact bytes, which live as blobs named by digest.
//
// Stored in a compact binary form because it is decoded on every hit, where
// a JSON parse would cost as much as the SQLite lookup itself. Encoding
// "kiln.manifest.v1" (integers are LEB128 varints, strings are a varint
// length and the bytes):
//
//   "KMF" 0x01                magic and version
//   succeeded                 one byte, 0 or 1
//   n, then n artifacts       name, kind (strings), 32 digest bytes, size
//   n, then n diagnostics     severity, file (strings), line, column,
//                             message, tool (strings)
//   launch metadata           string (launch.json, verbatim)
//   n, then n timings         stage (string), milliseconds (8-byte IEEE
//                             754, little-endian)
//   worker                    string
//
// A decoder must consume exactly every byte; anything else is corruption.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cache/digest.h"

namespace kiln::cache {


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
  std::string tool;  // who reported it: kiln, nvcc, ptxas, ...
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

// nullopt when the bytes are not a well-formed kiln.manifest.v1 encoding;
// the cache treats that as corruption of the action row.
std::optional<Manifest> parseManifest(std::string_view bytes);

}  // namespace kiln::cache
