#include "worker/pipeline/compile_cache.h"

#include <llvm/Config/llvm-config.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

namespace kiln {
namespace {

// SHA-256 of a file, remembered per (path, size, mtime): the key is computed
// on every request, and libdevice is half a megabyte.
std::optional<std::string> fileDigest(const std::string &path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return std::nullopt;
  auto mtime = std::filesystem::last_write_time(path, ec);
  if (ec) return std::nullopt;
  struct Entry {
    std::uintmax_t size;
    std::filesystem::file_time_type mtime;
    std::string digest;
  };
  static std::mutex mutex;
  static std::map<std::string, Entry> memo;
  std::lock_guard lock(mutex);
  auto it = memo.find(path);
  if (it != memo.end() && it->second.size == size && it->second.mtime == mtime)
    return it->second.digest;
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) return std::nullopt;
  std::string digest = cache::Digest::of(bytes.str()).hex();
  memo[path] = {size, mtime, digest};
  return digest;
}

void addOverride(std::map<std::string, std::string> &options, const char *name,
                 const auto &value) {
  if (value) options[name] = std::to_string(*value);
}

const char *severityText(Severity s) { return severityName(s); }

Severity severityFromText(const std::string &text) {
  for (Severity s : {Severity::kError, Severity::kWarning, Severity::kNote, Severity::kRemark})
    if (text == severityName(s)) return s;
  return Severity::kError;
}

}  // namespace

ToolchainProfile toolchainProfile(const CompileEnvironment &environment) {
  const CompileConfig &config = environment.config();
  ToolchainProfile profile;
  profile.tools["llvm"] = LLVM_VERSION_STRING;
  if (std::optional<std::string> libdevice = fileDigest(config.libdevice_path))
    profile.tools["libdevice"] = "sha256:" + *libdevice;
  if (environment.ptxas()) profile.tools["ptxas"] = environment.ptxas()->identity().key();
  if (environment.nvcc()) profile.tools["nvcc"] = environment.nvcc()->identity().key();
  profile.lowering = kNvidiaLoweringVersion;
  profile.settings["block_threads"] = std::to_string(config.block_threads);
  addOverride(profile.settings, "shared_per_sm", config.target_overrides.shared_per_sm);
  addOverride(profile.settings, "max_shared_per_block", config.target_overrides.max_shared_per_block);
  addOverride(profile.settings, "static_shared_limit", config.target_overrides.static_shared_limit);
  addOverride(profile.settings, "max_threads_per_block", config.target_overrides.max_threads_per_block);
  return profile;
}

std::vector<std::string> requiredTools(const CompileRequest &request) {
  bool ptx = wants(request, Emit::kPtx), cubin = wants(request, Emit::kCubin);
  std::vector<std::string> tools;
  if (request.via == CompilePath::kBuiltin) {
    tools.push_back("llvm");
    if (ptx || cubin) tools.push_back("libdevice");
    if (cubin) tools.push_back("ptxas");
  } else if (ptx || cubin || wants(request, Emit::kFatbin)) {
    tools.push_back("nvcc");
  }
  return tools;
}

std::string rawIrDigest(std::string_view text) { return "raw:" + cache::Digest::of(text).hex(); }

std::optional<CompileKey> compileKeyFor(const CompileRequest &request, const std::string &ir_digest,
                                        const ToolchainProfile &profile) {
  cache::ActionKeyInput in;
  in.ir_digest = ir_digest;
  in.target = request.target;
  for (Emit e : request.emit) in.emit.push_back(emitName(e));
  in.options = profile.settings;
  in.options["via"] = compilePathName(request.via);
  in.options["source_name"] = request.source.name;
  in.oracle_mode = oracle::oracleModeName(request.oracle);
  for (const std::string &tool : requiredTools(request)) {
    auto it = profile.tools.find(tool);
    if (it == profile.tools.end()) return std::nullopt;  // the compile reports what is missing
    in.tools[tool] = it->second;
  }
  in.lowering_version = profile.lowering;
  cache::Digest digest = cache::actionKey(in);
  return CompileKey{std::move(in), digest};
}

CompileKeyResult compileKey(const CompileRequest &request, const CompileEnvironment &environment) {
  CompileKeyResult out;
  DigestResult digest = digestSource(request.source, environment.config().frontend);
  if (!digest.ok()) {
    out.diagnostics = std::move(digest.diagnostics);
    return out;
  }
  out.key = compileKeyFor(request, digest.digest, toolchainProfile(environment));
  return out;
}

bool isCacheable(const CompileResult &result) { return result.ok(); }

namespace {

cache::ManifestDiagnostic manifestDiagnostic(const Diagnostic &d) {
  cache::ManifestDiagnostic out{severityText(d.severity), d.file, static_cast<int>(d.line),
                                static_cast<int>(d.column), d.message, d.tool, {}};
  for (const Diagnostic &note : d.notes) out.notes.push_back(manifestDiagnostic(note));
  return out;
}

Diagnostic fromManifest(const cache::ManifestDiagnostic &d) {
  Diagnostic out;
  out.severity = severityFromText(d.severity);
  out.file = d.file;
  out.line = static_cast<unsigned>(d.line);
  out.column = static_cast<unsigned>(d.column);
  out.message = d.message;
  out.tool = d.tool;
  for (const cache::ManifestDiagnostic &note : d.notes) out.notes.push_back(fromManifest(note));
  return out;
}

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

bool hitServes(const cache::Manifest &manifest, std::string_view source_text) {
  return manifest.located_source.empty() || manifest.located_source == cache::Digest::of(source_text).hex();
}

cache::Manifest toManifest(const CompileResult &result, const std::string &worker, std::string_view source_text) {
  cache::Manifest m;
  m.succeeded = result.ok();
  for (const Artifact &a : result.artifacts) {
    if (a.kind == "launch") {
      m.launch_metadata = a.bytes;
      continue;
    }
    m.artifacts.push_back(
        {a.name, a.kind, cache::Digest::of(a.bytes), static_cast<std::int64_t>(a.bytes.size())});
  }
  for (const Diagnostic &d : result.diagnostics) {
    m.diagnostics.push_back(manifestDiagnostic(d));
    if (located(d) && m.located_source.empty()) m.located_source = cache::Digest::of(source_text).hex();
  }
  m.oracle_verdict = oracleVerdictName(result.oracle_verdict);
  for (const StageTiming &t : result.timings) m.timings.push_back({t.stage, t.ms});
  for (const std::string &tool : result.tools) m.timings.push_back({"tool:" + tool, 0});
  m.worker = worker;
  return m;
}

CompileResult fromCacheHit(const cache::ActionHit &hit) {
  CompileResult result;
  const cache::Manifest &m = hit.manifest;
  for (std::size_t i = 0; i < m.artifacts.size() && i < hit.artifacts.size(); ++i)
    result.artifacts.push_back({m.artifacts[i].name, m.artifacts[i].kind, hit.artifacts[i]});
  if (!m.launch_metadata.empty())
    result.artifacts.push_back({"launch.json", "launch", m.launch_metadata});
  for (const cache::ManifestDiagnostic &d : m.diagnostics) result.diagnostics.push_back(fromManifest(d));
  result.oracle_verdict = parseOracleVerdict(m.oracle_verdict);
  // Tools ride along as "tool:<identity>" timing rows: the compile that
  // produced the entry ran them, and a hit reports what produced it.
  for (const cache::ManifestTiming &t : m.timings) {
    if (t.stage.rfind("tool:", 0) == 0)
      result.tools.push_back(t.stage.substr(5));
    else
      result.timings.push_back({"cached " + t.stage, t.milliseconds});
  }
  return result;
}

CachedCompile compileWithCache(const CompileRequest &request, const CompileEnvironment &environment,
                               cache::ArtifactCache &cache, const std::string &worker) {
  CachedCompile out;
  CompileKeyResult key = compileKey(request, environment);
  if (!key.key) {
    out.result = compile(request, environment);
    return out;
  }
  out.key = key.key->digest.hex();
  auto hit = cache.getAction(key.key->digest);
  if (!hit) {
    out.cache_problem = hit.error().message;
  } else if (hit->has_value() && hitServes((*hit)->manifest, request.source.text)) {
    out.result = fromCacheHit(**hit);
    out.cache_hit = true;
    return out;
  }
  out.result = compile(request, environment);
  if (!isCacheable(out.result)) return out;
  std::vector<std::string_view> blobs;
  for (const Artifact &a : out.result.artifacts)
    if (a.kind != "launch") blobs.push_back(a.bytes);
  cache::Status put = cache.putAction(key.key->digest, toManifest(out.result, worker, request.source.text), blobs);
  if (!put) out.cache_problem = put.error().message;
  return out;
}

}  // namespace kiln
