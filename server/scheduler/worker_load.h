// The order in which the scheduler prefers workers: least loaded first.
#pragma once

#include <cstdint>

#include "server/scheduler/job.h"

namespace kiln::server {

// A worker's load at one moment. Ordered by the fraction of its slots in
// use, then by jobs running (of two half-busy workers, the one running
// fewer jobs), then by id, so that equal loads still order stably and a
// std::set of loads names each worker once.
struct WorkerLoad {
  int busy = 0;
  int slots = 1;  // at least 1
  WorkerId worker = 0;

  bool hasFreeSlot() const { return busy < slots; }

  friend bool operator<(const WorkerLoad &a, const WorkerLoad &b) {
    // busy/slots compared by cross-multiplying: exact, and slots > 0.
    std::int64_t lhs = std::int64_t{a.busy} * b.slots, rhs = std::int64_t{b.busy} * a.slots;
    if (lhs != rhs) return lhs < rhs;
    if (a.busy != b.busy) return a.busy < b.busy;
    return a.worker < b.worker;
  }
  friend bool operator==(const WorkerLoad &, const WorkerLoad &) = default;
};

}  // namespace kiln::server
