#include "worker/backends/registry.h"

#include <algorithm>

#include "worker/backends/ascend/ascend_backend.h"
#include "worker/backends/nvidia/nvidia_backend.h"

namespace kiln {

WorkerBackends WorkerBackends::discover(BackendsConfig config) {
  std::vector<std::unique_ptr<Backend>> backends;
  backends.push_back(nvidia::NvidiaBackend::discover(std::move(config.nvidia)));
  backends.push_back(ascend::AscendBackend::discover(std::move(config.ascend)));
  return WorkerBackends(std::move(backends));
}

const Backend *WorkerBackends::forTarget(const std::string &target) const {
  for (const auto &backend : backends_) {
    const std::vector<std::string> &known = backend->targets();
    if (std::find(known.begin(), known.end(), target) != known.end()) return backend.get();
  }
  return nullptr;
}

std::set<std::string> WorkerBackends::targets() const {
  std::set<std::string> out;
  for (const auto &backend : backends_) out.insert(backend->targets().begin(), backend->targets().end());
  return out;
}

std::vector<EmitRoute> WorkerBackends::routes() const {
  std::vector<EmitRoute> out;
  for (const auto &backend : backends_) {
    std::vector<EmitRoute> routes = backend->routes();
    out.insert(out.end(), routes.begin(), routes.end());
  }
  return out;
}

ToolchainProfile WorkerBackends::profile() const {
  ToolchainProfile out;
  for (const auto &backend : backends_) {
    ToolchainProfile p = backend->profile();
    out.tools.insert(p.tools.begin(), p.tools.end());
    out.settings.insert(p.settings.begin(), p.settings.end());
    out.lowering += (out.lowering.empty() ? "" : "+") + p.lowering;
  }
  return out;
}

std::vector<Diagnostic> WorkerBackends::missingTools() const {
  std::vector<Diagnostic> out;
  for (const auto &backend : backends_) {
    std::vector<Diagnostic> missing = backend->missingTools();
    out.insert(out.end(), missing.begin(), missing.end());
  }
  return out;
}

CompileResult WorkerBackends::compile(const CompileRequest &request, const CompileHooks &hooks) const {
  if (const Backend *backend = forTarget(request.target)) {
    // A source kind the backend has no route for never reaches it: say
    // which kinds it does take, here, once for every backend.
    std::vector<EmitRoute> routes = backend->routes();
    bool takes = std::any_of(routes.begin(), routes.end(), [&](const EmitRoute &r) {
      return r.input == request.input && r.targets.count(request.target);
    });
    if (!takes) {
      std::string kinds;
      for (InputKind kind : kAllInputKinds)
        if (std::any_of(routes.begin(), routes.end(),
                        [&](const EmitRoute &r) { return r.input == kind && r.targets.count(request.target); }))
          kinds += std::string(kinds.empty() ? "" : ", ") + inputKindTitle(kind);
      return failedResult(std::string("the source is ") + inputKindTitle(request.input) + ", which kiln does not " +
                              "compile for " + backend->name() + " target '" + request.target + "'; it takes " +
                              kinds,
                          "kiln", request.source.name);
    }
    CompileResult result = backend->compile(request, hooks);
    // One rule for every backend: a compile that failed hands out nothing,
    // not even what a step before the failing one made (kilnd takes a
    // failed result with artifacts for a lying worker's, and drops it).
    if (hasErrors(result.diagnostics)) result.artifacts.clear();
    return result;
  }
  std::string known;
  for (const std::string &t : targets()) known += " " + t;
  return failedResult("unknown target '" + request.target + "'; kiln compiles for" + known, "kiln",
                      request.source.name);
}

}  // namespace kiln
