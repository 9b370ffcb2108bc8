#include "cache/manifest.h"

#include <nlohmann/json.hpp>

namespace kiln::cache {

using nlohmann::json;

std::string serializeManifest(const Manifest &m) {
  json artifacts = json::array();
  for (const ManifestArtifact &a : m.artifacts)
    artifacts.push_back({{"name", a.name}, {"kind", a.kind}, {"digest", a.digest.hex()},
                         {"size", a.size}});
  json diagnostics = json::array();
  for (const ManifestDiagnostic &d : m.diagnostics)
    diagnostics.push_back({{"severity", d.severity}, {"file", d.file}, {"line", d.line},
                           {"column", d.column}, {"message", d.message}});
  json timings = json::array();
  for (const ManifestTiming &t : m.timings)
    timings.push_back({{"stage", t.stage}, {"ms", t.milliseconds}});
  json doc = {{"format", kManifestFormat}, {"succeeded", m.succeeded},
              {"artifacts", std::move(artifacts)}, {"diagnostics", std::move(diagnostics)},
              {"launch", m.launch_metadata}, {"timings", std::move(timings)},
              {"worker", m.worker}};
  return doc.dump();
}

std::optional<Manifest> parseManifest(std::string_view text) {
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return std::nullopt;
  // nlohmann reports type mismatches by throwing; they stay inside this file.
  try {
    if (doc.at("format").get<std::string>() != kManifestFormat) return std::nullopt;
    Manifest m;
    m.succeeded = doc.at("succeeded").get<bool>();
    for (const json &a : doc.at("artifacts")) {
      std::optional<Digest> digest = Digest::fromHex(a.at("digest").get<std::string>());
      if (!digest) return std::nullopt;
      m.artifacts.push_back({a.at("name").get<std::string>(), a.at("kind").get<std::string>(),
                             *digest, a.at("size").get<std::int64_t>()});
    }
    for (const json &d : doc.at("diagnostics"))
      m.diagnostics.push_back({d.at("severity").get<std::string>(), d.at("file").get<std::string>(),
                               d.at("line").get<int>(), d.at("column").get<int>(),
                               d.at("message").get<std::string>()});
    m.launch_metadata = doc.at("launch").get<std::string>();
    for (const json &t : doc.at("timings"))
      m.timings.push_back({t.at("stage").get<std::string>(), t.at("ms").get<double>()});
    m.worker = doc.at("worker").get<std::string>();
    return m;
  } catch (const json::exception &) {
    return std::nullopt;
  }
}

}  // namespace kiln::cache
