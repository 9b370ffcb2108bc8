// The scheduler: matches compile jobs to workers.
//
//  - Single flight: a job is named by its cache key, and a submission for a
//    key that is queued or running joins that job instead of adding one.
//  - A job goes only to a worker whose targets and exact tool identities
//    match (job.h: canRun), least loaded first, FIFO among jobs with the
//    same requirements. Jobs are routed (platform_router.h) to one queue
//    per platform, each with an index of the workers that can serve it,
//    so no step compares a job against every worker.
//  - A worker that disconnects or misses heartbeats is dropped and its jobs
//    are queued again, up to max_attempts (delivery is at least once; safe,
//    because results are content-addressed).
//  - Jobs have deadlines. A job nobody waits for is dropped from the queue,
//    or cancelled on its worker.
//
// Pure C++ with no gRPC, so it is tested directly and under TSan. All
// methods are thread-safe; links are called without the lock held. The
// state it keeps is in scheduler_state.h.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include "server/scheduler/cancel_signal.h"
#include "server/scheduler/job.h"
#include "server/scheduler/platform_router.h"
#include "server/scheduler/scheduler_config.h"
#include "server/scheduler/worker_link.h"
#include "server/scheduler/worker_load.h"

namespace kiln::server {

struct Submission {
  std::string key;  // the job's cache key (hex): the single-flight identity
  CompileRequest request;
  JobRequirements requirements;
  // Runs once, before any waiter wakes, when a worker delivered a result:
  // kilnd stores it in the cache here.
  std::function<void(const JobOutcome &)> on_result;
  // Asked, under the scheduler's lock, just before a new job would be
  // created: a result that appeared since the caller last looked (another
  // job for the key finished and was stored meanwhile). Without it, a
  // request that missed the cache while that job was finishing would start
  // a second compile of the same key.
  std::function<std::optional<JobOutcome>()> recheck;
};

struct WorkerSnapshot {
  WorkerInfo info;
  int busy = 0;
  double last_seen_s = 0;
};

struct SchedulerStats {
  int queued = 0;
  int running = 0;
  std::int64_t completed = 0;  // results delivered since start
  std::int64_t joined = 0;     // submissions that joined an existing job
  std::int64_t requeued = 0;   // attempts lost with a worker
  std::vector<WorkerSnapshot> workers;
};

class Scheduler {
 public:
  struct Job;
  // A submitter's hold on a job; dropping it without wait()ing to the end
  // must go through abandon().
  struct Ticket {
    std::shared_ptr<Job> job;
    bool joined = false;  // true when the submission joined an existing job
  };

  explicit Scheduler(SchedulerConfig config = {});
  ~Scheduler();

  // Workers.
  WorkerId addWorker(WorkerInfo info, std::shared_ptr<WorkerLink> link);
  void removeWorker(WorkerId worker, const std::string &reason);
  // Drops every worker that connected with `token` and asks each to go
  // (its link's disconnect); their jobs are queued again. How many there were.
  int disconnectToken(const std::string &token, const std::string &reason);
  void heartbeat(WorkerId worker);
  // A worker's result for `job`. Ignored when the job is no longer assigned
  // to that worker (a late answer after it was requeued or cancelled).
  void complete(WorkerId worker, JobId job, CompileResult result);

  // Clients. submit() fails at once (kNoWorker, with a message naming what
  // is missing) when no connected worker could ever run the job, and
  // answers at once (failure kNone) when `recheck` finds a result.
  std::variant<Ticket, JobOutcome> submit(Submission submission);
  // Blocks until the job ends, or until `cancel` (when given) is
  // cancelled, which wakes it at once; then the ticket is abandoned and
  // nothing is returned.
  std::optional<JobOutcome> wait(Ticket &ticket, CancelSignal *cancel = nullptr);
  void abandon(Ticket &ticket);

  // Distinct toolchain profiles of connected workers serving `target` with
  // every tool in `tools`; least loaded worker's first. Which worker groups
  // match is remembered until a worker joins or leaves.
  std::vector<ToolchainProfile> profilesFor(const std::string &target,
                                            const std::vector<std::string> &tools) const;
  // Why no connected worker serves `target` with `tools`, for the client.
  std::string explainNoWorker(const std::string &target, const std::vector<std::string> &tools) const;

  // Drops silent workers and fails jobs past their deadline. kilnd calls it
  // a few times a second.
  void tick();
  // Fails every job that is not running and refuses new ones.
  void shutdown();
  // Jobs queued or running.
  int activeJobs() const;
  SchedulerStats stats() const;

 private:
  struct Worker;
  struct Platform;
  struct WorkerGroup;
  struct Send {
    std::shared_ptr<WorkerLink> link;
    JobId job;
    CompileRequest request;
    std::chrono::milliseconds budget;
    WorkerId worker;
  };
  using Lock = std::unique_lock<std::mutex>;
  // Targets, tools, settings, lowering: workers equal in all share a group.
  using GroupKey = std::tuple<std::set<std::string>, std::map<std::string, std::string>,
                              std::map<std::string, std::string>, std::string>;
  using ProfileQuery = std::pair<std::string, std::vector<std::string>>;  // target, sorted tools

  void deliver(std::vector<Send> sends);
  void finishLocked(const std::shared_ptr<Job> &job, JobOutcome outcome);
  std::vector<Send> removeWorkerLocked(WorkerId worker, const std::string &reason,
                                       std::vector<std::shared_ptr<WorkerLink>> &dropped);

  // The index (scheduler_index.cpp).
  // The platform for `key`, made (and linked to every capable worker) when
  // it is new.
  Platform &platformLocked(const PlatformKey &key, const JobRequirements &requirements);
  // Drops a platform nothing uses anymore: no unfinished job, no worker.
  void releasePlatformLocked(Platform &platform);
  // Links a new worker to its group and to the platforms it can serve, and
  // undoes that for a leaving one.
  void linkWorkerLocked(Worker &worker, const GroupKey &group);
  void unlinkWorkerLocked(Worker &worker);
  // Put a worker in, and take it out of, its group's order and the free
  // sets of its platforms.
  void unindexLoadLocked(Worker &worker);
  void indexLoadLocked(Worker &worker);
  // Moves a worker whose load was `before` to where its load is now; called
  // after every change of its jobs. Reuses the tree nodes: no allocation.
  void reindexLoadLocked(Worker &worker, WorkerLoad before);
  void enqueueLocked(const std::shared_ptr<Job> &job, bool ahead);
  void dequeueLocked(Job &job);
  Send assignLocked(const std::shared_ptr<Job> &job, Worker &worker);
  // Gives `worker`'s free slots the oldest queued jobs of its platforms.
  void fillWorkerLocked(Worker &worker, std::vector<Send> &sends);
  // Gives `platform`'s queued jobs to its least loaded free workers.
  void drainPlatformLocked(Platform &platform, std::vector<Send> &sends);

  SchedulerConfig config_;
  mutable std::mutex mutex_;
  std::map<WorkerId, std::unique_ptr<Worker>> workers_;
  std::unordered_map<PlatformKey, std::unique_ptr<Platform>, PlatformKeyHash> platforms_;
  std::map<GroupKey, std::unique_ptr<WorkerGroup>> groups_;
  // profilesFor's answers to which groups match; cleared when workers change.
  mutable std::map<ProfileQuery, std::vector<const WorkerGroup *>> profile_queries_;
  std::unordered_map<std::string, std::shared_ptr<Job>> by_key_;  // queued or running
  // Queued or running. Ids grow with submission time, and so do deadlines.
  std::map<JobId, std::shared_ptr<Job>> by_id_;
  std::size_t queued_ = 0;  // jobs in all platforms' queues
  WorkerId next_worker_ = 1;
  JobId next_job_ = 1;
  std::int64_t next_order_ = 1, next_ahead_order_ = 0;
  bool shutting_down_ = false;
  std::int64_t completed_ = 0, joined_ = 0, requeued_ = 0;
};

}  // namespace kiln::server
