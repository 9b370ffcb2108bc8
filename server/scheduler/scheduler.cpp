#include "server/scheduler/scheduler.h"

#include <algorithm>
#include <set>
#include <sstream>

namespace kiln::server {

using Clock = std::chrono::steady_clock;

struct Scheduler::Job {
  JobId id = 0;
  std::string key;
  CompileRequest request;
  JobRequirements requirements;
  std::function<void(const JobOutcome &)> on_result;
  Clock::time_point deadline;
  int attempts = 0;
  int waiters = 0;
  std::optional<WorkerId> worker;  // set while running
  bool finishing = false;          // on_result is running
  bool done = false;
  JobOutcome outcome;
  std::condition_variable changed;
};

struct Scheduler::Worker {
  WorkerInfo info;
  std::shared_ptr<WorkerLink> link;
  std::set<JobId> assigned;  // sent and not answered, including cancelled ones
  Clock::time_point last_seen;
  int busy() const { return static_cast<int>(assigned.size()); }
};

namespace {

std::string joinNames(const auto &names) {
  std::string out;
  for (const auto &name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

bool hasTools(const WorkerInfo &worker, const std::vector<std::string> &tools) {
  for (const std::string &tool : tools)
    if (!worker.profile.tools.count(tool)) return false;
  return true;
}

}  // namespace

Scheduler::Scheduler(SchedulerConfig config) : config_(std::move(config)) {}
Scheduler::~Scheduler() = default;

WorkerId Scheduler::addWorker(WorkerInfo info, std::shared_ptr<WorkerLink> link) {
  Lock lock(mutex_);
  WorkerId id = next_worker_++;
  auto worker = std::make_unique<Worker>();
  worker->info = std::move(info);
  worker->info.slots = std::max(1, worker->info.slots);
  worker->link = std::move(link);
  worker->last_seen = config_.now();
  workers_[id] = std::move(worker);
  std::vector<Send> sends = assignLocked();
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

std::vector<Scheduler::Send> Scheduler::removeWorkerLocked(
    WorkerId worker, const std::string &reason, std::vector<std::shared_ptr<WorkerLink>> &dropped) {
  auto it = workers_.find(worker);
  if (it == workers_.end()) return {};
  for (JobId id : it->second->assigned) {
    auto job_it = by_id_.find(id);
    if (job_it == by_id_.end()) continue;
    std::shared_ptr<Job> job = job_it->second;
    if (job->worker != worker || job->finishing) continue;
    job->worker.reset();
    if (job->attempts >= config_.max_attempts) {
      JobOutcome outcome;
      outcome.failure = JobFailure::kWorkersLost;
      outcome.attempts = job->attempts;
      outcome.failure_message = "the job lost its worker " + std::to_string(job->attempts) +
                                " times (last: " + it->second->info.id + ": " + reason + ")";
      finishLocked(job, std::move(outcome));
    } else {
      queue_.push_front(job);
      ++requeued_;
    }
  }
  dropped.push_back(it->second->link);
  workers_.erase(it);
  return assignLocked();
}

void Scheduler::heartbeat(WorkerId worker) {
  Lock lock(mutex_);
  if (auto it = workers_.find(worker); it != workers_.end()) it->second->last_seen = config_.now();
}

void Scheduler::complete(WorkerId worker, JobId id, CompileResult result) {
  Lock lock(mutex_);
  auto worker_it = workers_.find(worker);
  if (worker_it != workers_.end()) {
    worker_it->second->assigned.erase(id);
    worker_it->second->last_seen = config_.now();
  }
  auto job_it = by_id_.find(id);
  if (job_it == by_id_.end() || job_it->second->worker != worker || job_it->second->finishing) {
    std::vector<Send> sends = assignLocked();  // a slot may have come free
    lock.unlock();
    deliver(std::move(sends));
    return;
  }
  std::shared_ptr<Job> job = job_it->second;
  job->finishing = true;
  job->worker.reset();
  JobOutcome outcome;
  outcome.result = std::move(result);
  outcome.worker = worker_it != workers_.end() ? worker_it->second->info.id : std::string();
  outcome.attempts = job->attempts;
  std::vector<Send> sends = assignLocked();
  lock.unlock();
  deliver(std::move(sends));
  // Outside the lock: storing a result takes milliseconds.
  if (job->on_result) job->on_result(outcome);
  lock.lock();
  ++completed_;
  finishLocked(job, std::move(outcome));
}

std::variant<Scheduler::Ticket, JobOutcome> Scheduler::submit(Submission submission) {
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
  bool runnable = std::any_of(workers_.begin(), workers_.end(),
                              [&](const auto &w) { return canRun(w.second->info, submission.requirements); });
  if (!runnable) {
    lock.unlock();
    std::vector<std::string> tools;
    for (const auto &[tool, identity] : submission.requirements.tools) tools.push_back(tool);
    refused.failure = JobFailure::kNoWorker;
    refused.failure_message = explainNoWorker(submission.request.target, tools);
    return refused;
  }
  if (queue_.size() >= config_.max_queued) {
    refused.failure = JobFailure::kOverloaded;
    refused.failure_message = "the job queue is full (" + std::to_string(queue_.size()) + " jobs)";
    return refused;
  }
  auto job = std::make_shared<Job>();
  job->id = next_job_++;
  job->key = std::move(submission.key);
  job->request = std::move(submission.request);
  job->requirements = std::move(submission.requirements);
  job->on_result = std::move(submission.on_result);
  job->deadline = config_.now() + config_.job_deadline;
  job->waiters = 1;
  by_key_[job->key] = job;
  by_id_[job->id] = job;
  queue_.push_back(job);
  std::vector<Send> sends = assignLocked();
  lock.unlock();
  deliver(std::move(sends));
  return Ticket{job, false};
}

std::optional<JobOutcome> Scheduler::wait(Ticket &ticket, const std::function<bool()> &cancelled) {
  if (!ticket.job) return std::nullopt;
  Lock lock(mutex_);
  while (!ticket.job->done) {
    ticket.job->changed.wait_for(lock, std::chrono::milliseconds(50));
    if (!ticket.job->done && cancelled && cancelled()) {
      lock.unlock();
      abandon(ticket);
      return std::nullopt;
    }
  }
  JobOutcome outcome = ticket.job->outcome;
  --ticket.job->waiters;
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

std::vector<ToolchainProfile> Scheduler::profilesFor(const std::string &target,
                                                     const std::vector<std::string> &tools) const {
  Lock lock(mutex_);
  std::vector<const Worker *> serving;
  for (const auto &[id, worker] : workers_)
    if (worker->info.targets.count(target) && hasTools(worker->info, tools)) serving.push_back(worker.get());
  std::stable_sort(serving.begin(), serving.end(), [](const Worker *a, const Worker *b) {
    return a->busy() * b->info.slots < b->busy() * a->info.slots;
  });
  std::vector<ToolchainProfile> out;
  for (const Worker *worker : serving)
    if (std::find(out.begin(), out.end(), worker->info.profile) == out.end()) out.push_back(worker->info.profile);
  return out;
}

std::string Scheduler::explainNoWorker(const std::string &target, const std::vector<std::string> &tools) const {
  Lock lock(mutex_);
  std::ostringstream out;
  out << "no connected worker can compile for " << target;
  std::vector<std::string> sorted = tools;
  std::sort(sorted.begin(), sorted.end());
  if (!sorted.empty()) out << " with " << joinNames(sorted);
  if (workers_.empty()) {
    out << ": no worker is connected";
    return out.str();
  }
  out << "; connected:";
  for (const auto &[id, worker] : workers_) {
    std::vector<std::string> names;
    for (const auto &[tool, identity] : worker->info.profile.tools) names.push_back(tool);
    bool has_target = worker->info.targets.count(target) > 0;
    out << " " << worker->info.id << " (" << (has_target ? "serves " : "does not serve ") << target
        << "; tools: " << (names.empty() ? std::string("none") : joinNames(names)) << ")";
  }
  return out.str();
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
  for (const auto &[id, job] : by_id_)
    if (!job->finishing && now >= job->deadline) expired.push_back(job);
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
  std::vector<std::shared_ptr<Job>> queued(queue_.begin(), queue_.end());
  for (const std::shared_ptr<Job> &job : queued) {
    JobOutcome outcome;
    outcome.failure = JobFailure::kShuttingDown;
    outcome.failure_message = "kilnd is shutting down";
    finishLocked(job, std::move(outcome));
  }
}

int Scheduler::activeJobs() const {
  Lock lock(mutex_);
  return static_cast<int>(by_id_.size());
}

SchedulerStats Scheduler::stats() const {
  Lock lock(mutex_);
  SchedulerStats out;
  out.queued = static_cast<int>(queue_.size());
  out.running = static_cast<int>(by_id_.size() - queue_.size());
  out.completed = completed_;
  out.joined = joined_;
  out.requeued = requeued_;
  Clock::time_point now = config_.now();
  for (const auto &[id, worker] : workers_)
    out.workers.push_back({worker->info, worker->busy(),
                           std::chrono::duration<double>(now - worker->last_seen).count()});
  return out;
}

std::vector<Scheduler::Send> Scheduler::assignLocked() {
  std::vector<Send> sends;
  Clock::time_point now = config_.now();
  for (auto it = queue_.begin(); it != queue_.end();) {
    const std::shared_ptr<Job> &job = *it;
    Worker *best = nullptr;
    WorkerId best_id = 0;
    for (const auto &[id, worker] : workers_) {
      if (worker->busy() >= worker->info.slots || !canRun(worker->info, job->requirements)) continue;
      // Least loaded by fraction of slots in use, then by jobs running.
      if (!best || worker->busy() * best->info.slots < best->busy() * worker->info.slots ||
          (worker->busy() * best->info.slots == best->busy() * worker->info.slots &&
           worker->busy() < best->busy())) {
        best = worker.get();
        best_id = id;
      }
    }
    if (!best) {
      ++it;
      continue;
    }
    job->worker = best_id;
    ++job->attempts;
    best->assigned.insert(job->id);
    auto budget = std::chrono::duration_cast<std::chrono::milliseconds>(job->deadline - now);
    sends.push_back({best->link, job->id, job->request, std::max(budget, std::chrono::milliseconds(1)), best_id});
    it = queue_.erase(it);
  }
  return sends;
}

void Scheduler::deliver(std::vector<Send> sends) {
  for (Send &send : sends)
    if (!send.link->send(send.job, send.request, send.budget)) removeWorker(send.worker, "the job could not be sent");
}

void Scheduler::finishLocked(const std::shared_ptr<Job> &job, JobOutcome outcome) {
  if (auto it = by_key_.find(job->key); it != by_key_.end() && it->second == job) by_key_.erase(it);
  by_id_.erase(job->id);
  if (auto it = std::find(queue_.begin(), queue_.end(), job); it != queue_.end()) queue_.erase(it);
  job->worker.reset();
  job->outcome = std::move(outcome);
  job->done = true;
  job->finishing = false;
  job->changed.notify_all();
}

}  // namespace kiln::server
