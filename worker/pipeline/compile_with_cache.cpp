#include "worker/pipeline/compile_with_cache.h"

#include "worker/backends/registry.h"
#include "worker/pipeline/cache_through.h"

namespace kiln {

CachedCompile compileWithCache(const CompileRequest &request, const WorkerBackends &backends,
                               cache::ArtifactCache &cache, const std::string &worker) {
  CachedCompile out;
  CacheThrough through(cache, [&out](const std::string &problem) {
    if (!out.cache_problem) out.cache_problem = problem;
  });
  RouteLookup route = toolsFor(backends.routes(), request);
  if (!route.missing.empty()) {
    out.result = backends.compile(request);  // it says what cannot be made
    return out;
  }
  std::vector<ToolchainProfile> profiles = {backends.profile()};
  if (std::optional<CacheHit> hit = through.findDirect(request, profiles, route.tools)) {
    out.result = std::move(hit->cached.result);
    out.cache_hit = true;
    out.key = hit->key;
    return out;
  }
  std::optional<CompileKeys> keys;
  CompileHooks hooks;
  hooks.after_parse = [&](const std::string &canonical) -> std::optional<CompileResult> {
    keys = CacheThrough::keysFor(request, canonical, profiles.front(), route.tools);
    if (!keys) return std::nullopt;  // a tool is missing: compile, uncached, and say so
    out.key = keys->canonical.digest.hex();
    if (std::optional<CacheHit> hit = through.findCanonical(request, canonical, profiles, route.tools)) {
      out.cache_hit = true;
      return std::move(hit->cached.result);
    }
    return std::nullopt;
  };
  out.result = backends.compile(request, hooks);
  if (!out.cache_hit && keys) through.store(*keys, out.result, worker, request.source.text);
  return out;
}

LocalCompiler::LocalCompiler(std::unique_ptr<const WorkerBackends> backends) : backends_(std::move(backends)) {}
LocalCompiler::LocalCompiler(LocalCompiler &&) noexcept = default;
LocalCompiler::~LocalCompiler() = default;

LocalCompiler LocalCompiler::discover() {
  return LocalCompiler(std::make_unique<const WorkerBackends>(WorkerBackends::discover({})));
}

CompileResult LocalCompiler::compile(const CompileRequest &request) const { return backends_->compile(request); }

CachedCompile LocalCompiler::compileWithCache(const CompileRequest &request, cache::ArtifactCache &cache,
                                              const std::string &worker) const {
  return kiln::compileWithCache(request, *backends_, cache, worker);
}

}  // namespace kiln
