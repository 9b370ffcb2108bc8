#include "proto/convert/cached_result.h"

#include "kiln/v1/worker.pb.h"
#include "proto/convert/artifact_names.h"
#include "proto/convert/result_convert.h"

namespace kiln::wire {
namespace {

bool located(const Diagnostic &d) {
  if (d.line != 0) return true;
  for (const Diagnostic &note : d.notes)
    if (note.line != 0) return true;
  return false;
}

}  // namespace

bool hasLocatedDiagnostics(const CompileResult &result) {
  for (const Diagnostic &d : result.diagnostics)
    if (located(d)) return true;
  return false;
}

cache::Manifest toManifest(const CompileResult &result, const std::string &worker, std::string_view source_text,
                           const std::string &canonical_key) {
  v1::CachedResult record;
  writeResult(result, record.mutable_result());
  record.set_worker(worker);
  record.set_canonical_key(canonical_key);
  if (hasLocatedDiagnostics(result)) record.set_located_source(cache::Digest::of(source_text).hex());
  cache::Manifest manifest;
  for (const v1::ArtifactInfo &a : record.result().artifacts()) {
    std::optional<cache::Digest> digest = cache::Digest::fromHex(a.digest());
    manifest.blobs.push_back({digest ? *digest : cache::Digest{}, a.size()});
  }
  manifest.record = record.SerializeAsString();
  return manifest;
}

std::optional<CachedResult> fromCacheHit(cache::ActionHit hit) {
  v1::CachedResult record;
  if (!record.ParseFromString(hit.manifest.record)) return std::nullopt;
  const v1::JobResult &header = record.result();
  if (header.artifacts_size() != static_cast<int>(hit.artifacts.size())) return std::nullopt;
  CachedResult out;
  for (int i = 0; i < header.artifacts_size(); ++i) {
    // The cache checked the blobs against the manifest's digests; the
    // record must name those same blobs.
    if (header.artifacts(i).digest() != hit.manifest.blobs[i].digest.hex()) return std::nullopt;
    // An entry written before names were checked (or by a worker that
    // lied then) must not be served: its name would become a client's path.
    if (!artifactNameProblem(header.artifacts(i).name()).empty() || !isArtifactKind(header.artifacts(i).kind()))
      return std::nullopt;
    out.digests.push_back(header.artifacts(i).digest());
  }
  out.result = readResult(header, std::move(hit.artifacts));
  // The timings are the compile's that stored the entry, not this answer's.
  for (StageTiming &t : out.result.timings) t.stage = "cached " + t.stage;
  out.worker = record.worker();
  out.located_source = record.located_source();
  out.canonical_key = record.canonical_key();
  return out;
}

bool CachedResult::serves(std::string_view source_text) const {
  return located_source.empty() || located_source == cache::Digest::of(source_text).hex();
}

}  // namespace kiln::wire
