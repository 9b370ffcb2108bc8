// What the scheduler keeps, internal to server/scheduler/: jobs, workers,
// platforms (one queue and one worker index per set of requirements) and
// worker groups (for profilesFor). Everything here is guarded by
// Scheduler::mutex_.
#pragma once

#include <algorithm>
#include <list>
#include <map>
#include <set>

#include "server/scheduler/platform_router.h"
#include "server/scheduler/scheduler.h"
#include "server/scheduler/worker_load.h"

namespace kiln::server {

using Clock = std::chrono::steady_clock;

struct Scheduler::Job {
  JobId id = 0;
  std::string key;
  CompileRequest request;
  std::function<void(const JobOutcome &)> on_result;
  Clock::time_point deadline;
  int attempts = 0;
  int waiters = 0;
  Platform *platform = nullptr;  // kept alive while the job is unfinished
  // Where the job stands among queued jobs of every platform: lower runs
  // first. New jobs count up from 1; requeued ones count down from 0, so
  // a job that lost its worker goes ahead of those never started.
  std::int64_t order = 0;
  std::optional<std::list<std::shared_ptr<Job>>::iterator> queued;  // its place in platform->queue
  std::optional<WorkerId> worker;  // set while running
  bool finishing = false;          // on_result is running
  bool done = false;
  JobOutcome outcome;
  std::condition_variable changed;
};

// Jobs with equal requirements: their FIFO queue and the workers that can
// run them. Invariant (between calls): a platform never has both a queued
// job and a capable worker with a free slot.
struct Scheduler::Platform {
  PlatformKey key;
  JobRequirements requirements;
  std::list<std::shared_ptr<Job>> queue;  // oldest first (ordered by Job::order)
  // Capable workers with a free slot, least loaded first.
  std::map<WorkerLoad, Worker *> free;
  int capable = 0;                        // connected workers that can run these jobs
  int jobs = 0;                           // unfinished jobs routed here
};

// Workers with the same targets and toolchain profile, least loaded first:
// profilesFor orders profiles by their least loaded worker without
// visiting every worker.
struct Scheduler::WorkerGroup {
  std::set<std::string> targets;
  ToolchainProfile profile;
  std::set<WorkerLoad> members;  // never empty: a group goes with its last worker
};

struct Scheduler::Worker {
  WorkerId id = 0;
  WorkerInfo info;
  std::shared_ptr<WorkerLink> link;
  // Sent and not answered, including cancelled ones; at most `slots`, so a
  // vector beats a tree.
  std::vector<JobId> assigned;
  Clock::time_point last_seen;
  std::vector<Platform *> platforms;  // those whose jobs it can run
  WorkerGroup *group = nullptr;
  int busy() const { return static_cast<int>(assigned.size()); }
  WorkerLoad load() const { return {busy(), info.slots, id}; }
};

}  // namespace kiln::server
