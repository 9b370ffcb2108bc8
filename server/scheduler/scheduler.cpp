// Workers and jobs through their lives: the scheduler's public calls. The
// index they keep is in scheduler_index.cpp, queries in scheduler_queries.cpp.
#include "server/scheduler/scheduler.h"

#include <algorithm>

#include "server/scheduler/scheduler_state.h"

namespace kiln::server {

Scheduler::Scheduler(SchedulerConfig config) : config_(std::move(config)) {}
Scheduler::~Scheduler() = default;

WorkerId Scheduler::addWorker(WorkerInfo info, std::shared_ptr<WorkerLink> link) {
  info.slots = std::max(1, info.slots);
  GroupKey group{info.targets, info.profile.tools, info.profile.settings, info.profile.lowering};
  Lock lock(mutex_);
  WorkerId id = next_worker_++;
  auto owned = std::make_unique<Worker>();
  Worker &worker = *owned;
  worker.id = id;
  worker.info = std::move(info);
  worker.link = std::move(link);
  worker.last_seen = config_.now();
  workers_[id] = std::move(owned);
  linkWorkerLocked(worker, group);
  std::vector<Send> sends;
  fillWorkerLocked(worker, sends);
  lock.unlock();
  deliver(std::move(sends));
  return id;
}

void Scheduler::removeWorker(WorkerId worker, const std::string &reason) {
  Lock lock(mutex_);
  std::vector<std::shared_ptr<WorkerLink>> dropped;
  std::vector<Send> sends = removeWorkerLocked(worker, reason, dropped);
  lock.unlock();
  deliver(std::move(sends));
}

int Scheduler::disconnectToken(const std::string &token, const std::string &reason) {
  Lock lock(mutex_);
  std::vector<WorkerId> holders;
  for (const auto &[id, worker] : workers_)
    if (worker->info.token == token) holders.push_back(id);
  std::vector<std::shared_ptr<WorkerLink>> dropped;
  std::vector<Send> sends;
  for (WorkerId id : holders) {
    std::vector<Send> more = removeWorkerLocked(id, reason, dropped);
    sends.insert(sends.end(), more.begin(), more.end());
  }
  lock.unlock();
  for (auto &link : dropped) link->disconnect(reason);
  deliver(std::move(sends));
  return static_cast<int>(holders.size());
}

std::vector<Scheduler::Send> Scheduler::removeWorkerLocked(
    WorkerId worker_id, const std::string &reason, std::vector<std::shared_ptr<WorkerLink>> &dropped) {
  auto it = workers_.find(worker_id);
  if (it == workers_.end()) return {};
  Worker &worker = *it->second;
  // Out of the index first, so that its jobs, requeued, cannot go back to it.
  unlinkWorkerLocked(worker);
  std::vector<Platform *> requeued_on;
  // Newest first: each goes ahead of the queue, so the oldest ends up first.
  for (auto id_it = worker.assigned.rbegin(); id_it != worker.assigned.rend(); ++id_it) {
    JobId id = *id_it;
    auto job_it = by_id_.find(id);
    if (job_it == by_id_.end()) continue;
    std::shared_ptr<Job> job = job_it->second;
    if (job->worker != worker_id || job->finishing) continue;
    job->worker.reset();
    if (job->attempts >= config_.max_attempts) {
      JobOutcome outcome;
      outcome.failure = JobFailure::kWorkersLost;
      outcome.attempts = job->attempts;
      outcome.failure_message = "the job lost its worker " + std::to_string(job->attempts) +
                                " times (last: " + worker.info.id + ": " + reason + ")";
      finishLocked(job, std::move(outcome));
    } else {
      enqueueLocked(job, /*ahead=*/true);
      requeued_on.push_back(job->platform);
      ++requeued_;
    }
  }
  dropped.push_back(worker.link);
  workers_.erase(it);
  std::vector<Send> sends;
  for (Platform *platform : requeued_on) drainPlatformLocked(*platform, sends);
  return sends;
}

void Scheduler::heartbeat(WorkerId worker) {
  Lock lock(mutex_);
  if (auto it = workers_.find(worker); it != workers_.end()) it->second->last_seen = config_.now();
}

void Scheduler::complete(WorkerId worker_id, JobId id, CompileResult result) {
  Lock lock(mutex_);
  std::vector<Send> sends;
  Worker *worker = nullptr;
  if (auto it = workers_.find(worker_id); it != workers_.end()) {
    worker = it->second.get();
    worker->last_seen = config_.now();
    if (auto at = std::find(worker->assigned.begin(), worker->assigned.end(), id); at != worker->assigned.end()) {
      WorkerLoad before = worker->load();
      worker->assigned.erase(at);
      reindexLoadLocked(*worker, before);
      fillWorkerLocked(*worker, sends);  // the slot it freed
    }
  }
  auto job_it = by_id_.find(id);
  if (job_it == by_id_.end() || job_it->second->worker != worker_id || job_it->second->finishing) {
    lock.unlock();
    deliver(std::move(sends));
    return;
  }
  std::shared_ptr<Job> job = job_it->second;
  job->finishing = true;
  job->worker.reset();
  JobOutcome outcome;
  outcome.result = std::move(result);
  outcome.worker = worker ? worker->info.id : std::string();
  outcome.worker_token = worker ? worker->info.token : std::string();
  outcome.worker_trusted = worker && worker->info.trusted;
  outcome.attempts = job->attempts;
  lock.unlock();
  deliver(std::move(sends));
  // Outside the lock: storing a result takes milliseconds.
  if (job->on_result) job->on_result(outcome);
  lock.lock();
  ++completed_;
  finishLocked(job, std::move(outcome));
}

std::variant<Scheduler::Ticket, JobOutcome> Scheduler::submit(Submission submission) {
  // Routing needs no shared state: done before the lock, like the encoding.
  PlatformKey route = PlatformRouter::route(submission.requirements);
  Lock lock(mutex_);
  JobOutcome refused;
  if (shutting_down_) {
    refused.failure = JobFailure::kShuttingDown;
    refused.failure_message = "kilnd is shutting down";
    return refused;
  }
  if (auto it = by_key_.find(submission.key); it != by_key_.end()) {
    ++it->second->waiters;
    ++joined_;
    return Ticket{it->second, true};
  }
  if (submission.recheck)
    if (std::optional<JobOutcome> found = submission.recheck()) return *found;
  Platform &platform = platformLocked(route, submission.requirements);
  if (platform.capable == 0) {
    releasePlatformLocked(platform);
    lock.unlock();
    std::vector<std::string> tools;
    for (const auto &[tool, identity] : submission.requirements.tools) tools.push_back(tool);
    refused.failure = JobFailure::kNoWorker;
    refused.failure_message = explainNoWorker(submission.request.target, tools);
    return refused;
  }
  if (queued_ >= config_.max_queued) {
    refused.failure = JobFailure::kOverloaded;
    refused.failure_message = "the job queue is full (" + std::to_string(queued_) + " jobs)";
    releasePlatformLocked(platform);
    return refused;
  }
  auto job = std::make_shared<Job>();
  job->id = next_job_++;
  job->key = std::move(submission.key);
  job->request = std::move(submission.request);
  job->on_result = std::move(submission.on_result);
  job->deadline = config_.now() + config_.job_deadline;
  job->waiters = 1;
  job->platform = &platform;
  ++platform.jobs;
  by_key_[job->key] = job;
  by_id_[job->id] = job;
  enqueueLocked(job, /*ahead=*/false);
  std::vector<Send> sends;
  drainPlatformLocked(platform, sends);
  lock.unlock();
  deliver(std::move(sends));
  return Ticket{job, false};
}

std::optional<JobOutcome> Scheduler::wait(Ticket &ticket, CancelSignal *cancel) {
  if (!ticket.job) return std::nullopt;
  std::shared_ptr<Job> job = ticket.job;
  // The wake-up takes the lock before notifying: a waiter that saw neither
  // an end nor a cancel still holds it until it sleeps, so it cannot miss
  // the notification. Declared before `lock`, so it unsubscribes after the
  // lock is released (cancel() holds the signal's lock, then takes ours).
  CancelSignal::Subscription wake;
  if (cancel)
    wake = cancel->subscribe([this, job] {
      Lock lock(mutex_);
      job->changed.notify_all();
    });
  Lock lock(mutex_);
  job->changed.wait(lock, [&] { return job->done || (cancel && cancel->cancelled()); });
  if (!job->done) {
    lock.unlock();
    abandon(ticket);
    return std::nullopt;
  }
  JobOutcome outcome = job->outcome;
  --job->waiters;
  ticket.job.reset();
  return outcome;
}

void Scheduler::abandon(Ticket &ticket) {
  std::shared_ptr<Job> job = std::move(ticket.job);
  if (!job) return;
  Lock lock(mutex_);
  if (--job->waiters > 0 || job->done || job->finishing) return;
  if (!job->worker) {
    JobOutcome outcome;
    outcome.failure = JobFailure::kCancelled;
    outcome.failure_message = "cancelled: nobody waits for the job";
    finishLocked(job, std::move(outcome));
    return;
  }
  // Running: tell the worker. The job stays until its result arrives, which
  // is still cached, and a new identical request joins it meanwhile.
  auto it = workers_.find(*job->worker);
  if (it == workers_.end()) return;
  std::shared_ptr<WorkerLink> link = it->second->link;
  lock.unlock();
  link->cancel(job->id);
}

void Scheduler::tick() {
  Lock lock(mutex_);
  Clock::time_point now = config_.now();
  auto silence = config_.heartbeat_period * config_.missed_heartbeats;
  std::vector<std::shared_ptr<WorkerLink>> dropped;
  std::vector<Send> sends;
  std::vector<WorkerId> silent;
  for (const auto &[id, worker] : workers_)
    if (!worker->info.local && now - worker->last_seen > silence) silent.push_back(id);
  for (WorkerId id : silent) {
    std::vector<Send> more = removeWorkerLocked(id, "missed heartbeats", dropped);
    sends.insert(sends.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  }
  std::vector<std::pair<std::shared_ptr<WorkerLink>, JobId>> cancels;
  std::vector<std::shared_ptr<Job>> expired;
  // Deadlines grow with job ids, so the expired jobs come first.
  for (const auto &[id, job] : by_id_) {
    if (now < job->deadline) break;
    if (!job->finishing) expired.push_back(job);
  }
  for (const std::shared_ptr<Job> &job : expired) {
    if (job->worker)
      if (auto it = workers_.find(*job->worker); it != workers_.end())
        cancels.emplace_back(it->second->link, job->id);
    JobOutcome outcome;
    outcome.failure = JobFailure::kDeadline;
    outcome.attempts = job->attempts;
    outcome.failure_message = "the job did not finish within " +
                              std::to_string(config_.job_deadline.count() / 1000.0).substr(0, 6) + " s";
    finishLocked(job, std::move(outcome));
  }
  lock.unlock();
  for (auto &[link, id] : cancels) link->cancel(id);
  for (auto &link : dropped) link->disconnect("missed heartbeats");
  deliver(std::move(sends));
}

void Scheduler::shutdown() {
  Lock lock(mutex_);
  shutting_down_ = true;
  std::vector<std::shared_ptr<Job>> queued;
  for (const auto &[key, platform] : platforms_) queued.insert(queued.end(), platform->queue.begin(), platform->queue.end());
  for (const std::shared_ptr<Job> &job : queued) {
    JobOutcome outcome;
    outcome.failure = JobFailure::kShuttingDown;
    outcome.failure_message = "kilnd is shutting down";
    finishLocked(job, std::move(outcome));
  }
}

void Scheduler::deliver(std::vector<Send> sends) {
  for (Send &send : sends)
    if (!send.link->send(send.job, send.request, send.budget)) removeWorker(send.worker, "the job could not be sent");
}

void Scheduler::finishLocked(const std::shared_ptr<Job> &job, JobOutcome outcome) {
  if (job->done) return;
  if (auto it = by_key_.find(job->key); it != by_key_.end() && it->second == job) by_key_.erase(it);
  by_id_.erase(job->id);
  dequeueLocked(*job);
  job->worker.reset();
  job->outcome = std::move(outcome);
  job->done = true;
  job->finishing = false;
  job->changed.notify_all();
  Platform *platform = std::exchange(job->platform, nullptr);
  --platform->jobs;
  releasePlatformLocked(*platform);
}

}  // namespace kiln::server
