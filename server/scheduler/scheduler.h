// The scheduler: matches compile jobs to workers.
//
//  - Single flight: a job is named by its cache key, and a submission for a
//    key that is queued or running joins that job instead of adding one.
//  - A job goes only to a worker whose targets and exact tool identities
//    match (job.h: canRun), least loaded first, FIFO among jobs.
//  - A worker that disconnects or misses heartbeats is dropped and its jobs
//    are queued again, up to max_attempts (delivery is at least once; safe,
//    because results are content-addressed).
//  - Jobs have deadlines. A job nobody waits for is dropped from the queue,
//    or cancelled on its worker.
//
// Pure C++ with no gRPC, so it is tested directly and under TSan. All
// methods are thread-safe; links are called without the lock held.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <variant>
#include <string>
#include <vector>

#include "server/scheduler/job.h"
#include "server/scheduler/scheduler_config.h"
#include "server/scheduler/worker_link.h"

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
  void heartbeat(WorkerId worker);
  // A worker's result for `job`. Ignored when the job is no longer assigned
  // to that worker (a late answer after it was requeued or cancelled).
  void complete(WorkerId worker, JobId job, CompileResult result);

  // Clients. submit() fails at once (kNoWorker, with a message naming what
  // is missing) when no connected worker could ever run the job, and
  // answers at once (failure kNone) when `recheck` finds a result.
  std::variant<Ticket, JobOutcome> submit(Submission submission);
  // Blocks until the job ends, or until `cancelled()` turns true (polled);
  // then the ticket is abandoned and nothing is returned.
  std::optional<JobOutcome> wait(Ticket &ticket, const std::function<bool()> &cancelled);
  void abandon(Ticket &ticket);

  // Distinct toolchain profiles of connected workers serving `target` with
  // every tool in `tools`; least loaded worker's first.
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
  struct Send {
    std::shared_ptr<WorkerLink> link;
    JobId job;
    CompileRequest request;
    std::chrono::milliseconds budget;
    WorkerId worker;
  };
  using Lock = std::unique_lock<std::mutex>;

  // Assigns queued jobs to free workers; returns what to send once unlocked.
  std::vector<Send> assignLocked();
  void deliver(std::vector<Send> sends);
  void finishLocked(const std::shared_ptr<Job> &job, JobOutcome outcome);
  std::vector<Send> removeWorkerLocked(WorkerId worker, const std::string &reason,
                                       std::vector<std::shared_ptr<WorkerLink>> &dropped);

  SchedulerConfig config_;
  mutable std::mutex mutex_;
  std::map<WorkerId, std::unique_ptr<Worker>> workers_;
  std::map<std::string, std::shared_ptr<Job>> by_key_;  // queued or running
  std::map<JobId, std::shared_ptr<Job>> by_id_;
  std::deque<std::shared_ptr<Job>> queue_;
  WorkerId next_worker_ = 1;
  JobId next_job_ = 1;
  bool shutting_down_ = false;
  std::int64_t completed_ = 0, joined_ = 0, requeued_ = 0;
};

}  // namespace kiln::server
