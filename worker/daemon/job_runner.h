// What any kiln worker (kiln-worker, or kilnd's in-process one) does with a
// job, and what it advertises. MLIR-free.
#pragma once

#include <set>
#include <string>

#include "worker/pipeline/compile.h"
#include "worker/pipeline/compile_cache.h"

namespace kiln::worker {

// Targets and toolchain profile, from discovery: nothing is hand-written.
// `only_targets`, when not empty, narrows the targets (an operator dedicating
// a worker); it never adds one kiln does not know.
struct WorkerCapabilities {
  std::set<std::string> targets;        // served
  std::set<std::string> known_targets;  // every target the backends know
  ToolchainProfile profile;
};
WorkerCapabilities discoverCapabilities(const CompileEnvironment &environment,
                                        const std::set<std::string> &only_targets = {});

// Runs the compile pipeline. An exception escaping the pipeline becomes a
// failed result with a diagnostic naming it, so one bad job never takes the
// worker down with it.
CompileResult runJob(const CompileRequest &request, const CompileEnvironment &environment);

}  // namespace kiln::worker
