// `kiln compile --local [--cache DB]`: a compile on this machine's backends,
// optionally through the artifact cache by the same policy as kilnd
// (cache_through.h), so a result cached by one is a hit for the other. The
// IR is parsed once: the canonical lookup runs inside the backend's compile,
// right after parsing. MLIR-free, and no backend shows through: the client
// reaches the backends only through LocalCompiler.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cache/artifact_cache.h"
#include "core/compile_request.h"
#include "core/compile_result.h"

namespace kiln {

class WorkerBackends;

struct CachedCompile {
  CompileResult result;
  bool cache_hit = false;
  std::string key;  // hex, empty when the cache was not used
  // A cache that fails (full disk, locked) never fails the compile: the
  // reason lands here and the result is compiled or served without it.
  std::optional<std::string> cache_problem;
};

CachedCompile compileWithCache(const CompileRequest &request, const WorkerBackends &backends,
                               cache::ArtifactCache &cache, const std::string &worker);

// This machine's backends with their default configuration, as the CLI
// uses them.
class LocalCompiler {
 public:
  static LocalCompiler discover();
  LocalCompiler(LocalCompiler &&) noexcept;
  ~LocalCompiler();

  CompileResult compile(const CompileRequest &request) const;
  CachedCompile compileWithCache(const CompileRequest &request, cache::ArtifactCache &cache,
                                 const std::string &worker) const;

 private:
  explicit LocalCompiler(std::unique_ptr<const WorkerBackends> backends);
  std::unique_ptr<const WorkerBackends> backends_;
};

}  // namespace kiln
