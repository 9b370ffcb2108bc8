// Routing: which queue a submission belongs to, decided before the
// scheduler takes its lock (as Buildbarn's ActionRouter does).
//
// A platform is everything a worker must match to take a job: the target,
// the exact tool identities, the settings and the lowering version, i.e. a
// JobRequirements. Jobs with equal requirements share one FIFO queue and one
// index of the workers that can run them, so the scheduler never compares a
// job against every worker.
#pragma once

#include <cstddef>
#include <string>

#include "server/scheduler/job.h"

namespace kiln::server {

// A platform's identity: an unambiguous encoding of its requirements, with
// its hash computed once so the locked lookup only compares strings.
struct PlatformKey {
  std::string encoded;
  std::size_t hash = 0;
  friend bool operator==(const PlatformKey &a, const PlatformKey &b) {
    return a.hash == b.hash && a.encoded == b.encoded;
  }
};

struct PlatformKeyHash {
  std::size_t operator()(const PlatformKey &key) const { return key.hash; }
};

class PlatformRouter {
 public:
  // Equal requirements give equal keys; requirements that differ in any
  // field (including a tool's identity or a setting's value) give different
  // keys. Pure and thread-safe: callers run it outside any lock.
  static PlatformKey route(const JobRequirements &requirements);
};

}  // namespace kiln::server
