// What a kiln-worker (remote, or kilnd's local child) does with a job, and
// what it advertises. MLIR-free.
#pragma once

#include <set>
#include <string>

#include <vector>

#include "core/emit_route.h"
#include "core/toolchain_profile.h"
#include "worker/backends/registry.h"

namespace kiln::worker {

// Targets and toolchain profile, from discovery: nothing is hand-written.
// `only_targets`, when not empty, narrows the targets (an operator dedicating
// a worker); it never adds one kiln does not know.
struct WorkerCapabilities {
  std::set<std::string> targets;        // served
  std::set<std::string> known_targets;  // every target the backends know
  std::vector<EmitRoute> routes;        // what they make, and with which tools
  ToolchainProfile profile;
  std::vector<std::string> missing_tools;  // "bisheng not found (searched: ...)"
};
WorkerCapabilities discoverCapabilities(const WorkerBackends &backends, const std::set<std::string> &only_targets = {});

// Runs the compile pipeline. An exception escaping the pipeline becomes a
// failed result with a diagnostic naming it, so one bad job never takes the
// worker down with it.
CompileResult runJob(const CompileRequest &request, const WorkerBackends &backends);

}  // namespace kiln::worker
