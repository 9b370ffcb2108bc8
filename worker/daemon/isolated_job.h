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

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "core/compile_result.h"

namespace kiln::worker {

// What one job child may use. A hostile kernel must not hold a core or the
// machine's memory past these; each is enforced by the kernel (rlimits) or
// by the parent (the wall clock, cancellation), not by the pipeline.
struct JobLimits {
  std::chrono::milliseconds wall{std::chrono::minutes(10)};
  // RLIMIT_AS of the child; 0: none. Not applied under ASan/TSan, whose
  // shadow memory needs terabytes of address space.
  std::int64_t memory_bytes = std::int64_t{8} << 30;
  // RLIMIT_CPU of the child, in seconds; 0: none.
  std::int64_t cpu_seconds = 600;
};

// `job` runs in the child; its result comes back through a pipe. When the
// child dies, passes a limit or `cancelled` becomes true (its client went
// away; checked every 50 ms), the child is killed and the result is a
// failure naming `source_name` and what happened.
CompileResult runIsolated(const std::function<CompileResult()> &job, const std::string &source_name,
                          const JobLimits &limits, const std::atomic<bool> *cancelled = nullptr);

/// False in sanitizer builds, where JobLimits::memory_bytes is not applied.
bool memoryLimitApplies();

/// The same with only a wall-clock bound.
CompileResult runIsolated(const std::function<CompileResult()> &job, const std::string &source_name,
                          std::chrono::milliseconds timeout);

}  // namespace kiln::worker
