// The backends a worker has: every vendor's, discovered at start. A job
// goes to the backend that knows its target. Adding a vendor means adding
// its discovery to registry.cpp and its config to BackendsConfig.
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "worker/backends/backend.h"
#include "worker/backends/ascend/ascend_toolchains.h"
#include "worker/backends/nvidia/nvidia_toolchains.h"

namespace kiln {

struct BackendsConfig {
  nvidia::Config nvidia;
  ascend::Config ascend;
};

class WorkerBackends {
 public:
  static WorkerBackends discover(BackendsConfig config);
  explicit WorkerBackends(std::vector<std::unique_ptr<Backend>> backends) : backends_(std::move(backends)) {}

  const std::vector<std::unique_ptr<Backend>> &all() const { return backends_; }
  // The backend that knows `target`, or null.
  const Backend *forTarget(const std::string &target) const;
  // Every target some backend knows.
  std::set<std::string> targets() const;
  std::vector<EmitRoute> routes() const;
  // The backends' profiles together: tools and settings by name, lowering
  // versions joined with '+'.
  ToolchainProfile profile() const;
  std::vector<Diagnostic> missingTools() const;

  // Compiles with the backend for the request's target; an unknown target
  // is a failed result naming the known ones.
  CompileResult compile(const CompileRequest &request, const CompileHooks &hooks = {}) const;

 private:
  std::vector<std::unique_ptr<Backend>> backends_;
};

}  // namespace kiln
