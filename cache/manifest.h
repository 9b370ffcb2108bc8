// Manifest: the cached value of an action — everything a compile produced
// except the artifact bytes, which live as blobs named by digest.
//
// Stored in a compact binary form because it is decoded on every hit, where
// a JSON parse would cost as much as the SQLite lookup itself. Encoding
// "kiln.manifest.v2" (integers are LEB128 varints, strings are a varint
// length and the bytes):
//
//   "KMF" 0x02                magic and version (0x01: v1, still read)
//   succeeded                 one byte, 0 or 1
//   n, then n artifacts       name, kind (strings), 32 digest bytes, size
//   n, then n diagnostics     severity, file (strings), line, column,
//                             message, tool (strings); v2: then n notes,
//                             each the same six fields
//   launch metadata           string (launch.json, verbatim)
//   n, then n timings         stage (string), milliseconds (8-byte IEEE
//                             754, little-endian)
//   worker                    string
//   oracle verdict            v2: string (ManifestOracle below)
//   located source            v2: string
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
  std::vector<ManifestDiagnostic> notes;  // one level: notes have none
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
  // The safety oracle's verdict on this result: "clean", "warnings"
  // (findings reported as warnings, artifacts produced), or "off"; "" for
  // entries written before the oracle ran in the pipeline.
  std::string oracle_verdict;
  // Set when a diagnostic points into the source: the raw SHA-256 (hex) of
  // the text its lines and columns refer to. The key hashes canonical IR,
  // so a hit from other bytes (moved lines) must not reuse these locations.
  std::string located_source;
  friend bool operator==(const Manifest &, const Manifest &) = default;
};

std::string serializeManifest(const Manifest &manifest);

// nullopt when the bytes are not a well-formed kiln.manifest.v1/v2 encoding;
// the cache treats that as corruption of the action row.
std::optional<Manifest> parseManifest(std::string_view bytes);

}  // namespace kiln::cache
