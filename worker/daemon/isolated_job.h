// Runs one job in a forked child, so a crash in the pipeline (a segfault in
// LLVM, an abort, the OOM killer) fails that job with a diagnostic instead
// of taking kiln-worker and its other jobs down.
//
// Safe because kiln-worker's own process never runs the pipeline: only its
// gRPC and bookkeeping threads exist when it forks, and the child touches
// neither gRPC nor any lock they hold. (kilnd's in-process worker cannot do
// this: kilnd parses IR on request threads while others would fork; its
// local worker is a kiln-worker child for that reason.)
#pragma once

#include <chrono>
#include <functional>

#include "core/compile_result.h"

namespace kiln::worker {

// `job` runs in the child; its result comes back through a pipe. When the
// child dies or runs past `timeout`, the result is a failure naming
// `source_name` and what happened.
CompileResult runIsolated(const std::function<CompileResult()> &job, const std::string &source_name,
                          std::chrono::milliseconds timeout);

}  // namespace kiln::worker
