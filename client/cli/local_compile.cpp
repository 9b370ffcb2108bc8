#include "client/cli/local_compile.h"

#include <iostream>

#include "worker/pipeline/compile_with_cache.h"

namespace kiln::cli {
namespace {

/// Compiles through the cache at --cache. A cache that cannot be opened or
/// written is a warning: the compile itself still runs.
CachedCompile compileThroughCache(const CompileRequest &request, const LocalCompiler &compiler,
                                  const CompileOptions &options) {
  cache::CacheConfig config;
  config.path = options.cache_db;
  config.background_maintenance = false;  // one compile; the destructor flushes
  auto opened = cache::ArtifactCache::open(config);
  CachedCompile out;
  if (!opened) {
    out.result = compiler.compile(request);
    out.cache_problem = opened.error().message;
  } else {
    out = compiler.compileWithCache(request, **opened, "kiln-cli-local");
    // No kilnd evicts for a cache only the CLI writes to; after a put, keep
    // it within the default budget here.
    if (!out.cache_hit && !out.cache_problem) {
      if (auto gc = (*opened)->gc(); !gc) out.cache_problem = gc.error().message;
    }
  }
  if (out.cache_problem && !options.json)
    std::cerr << "kiln: warning: cache not used: " << *out.cache_problem << "\n";
  if (options.verbose && !options.json && !out.key.empty())
    std::cerr << "kiln: cache " << (out.cache_hit ? "hit" : "miss") << " " << out.key << "\n";
  return out;
}

}  // namespace

CompileOutcome compileLocally(const CompileRequest &request, const CompileOptions &options) {
  if (options.verbose && !options.json) std::cerr << "kiln: discovering toolchains\n";
  LocalCompiler compiler = LocalCompiler::discover();
  if (options.verbose && !options.json)
    std::cerr << "kiln: compiling " << options.file << " for " << options.target << " via " << options.via << "\n";
  CompileOutcome out;
  if (options.cache_db.empty()) {
    out.result = compiler.compile(request);
    return out;
  }
  CachedCompile cached = compileThroughCache(request, compiler, options);
  out.result = std::move(cached.result);
  out.report["cache"] = {{"db", options.cache_db},
                         {"hit", cached.cache_hit},
                         {"key", cached.key},
                         {"problem", cached.cache_problem ? nlohmann::json(*cached.cache_problem) : nlohmann::json()}};
  return out;
}

}  // namespace kiln::cli
