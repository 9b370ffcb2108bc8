#include "server/local/local_worker.h"

#include <algorithm>

#include "worker/daemon/job_runner.h"

namespace kiln::server {

LocalWorker::LocalWorker(Scheduler &scheduler, std::shared_ptr<const CompileEnvironment> environment, int slots)
    : scheduler_(scheduler), environment_(std::move(environment)), slots_(std::max(1, slots)) {}

LocalWorker::~LocalWorker() { stop(); }

void LocalWorker::start(WorkerInfo info) {
  info.slots = slots_;
  info.local = true;
  for (int i = 0; i < slots_; ++i) threads_.emplace_back([this] { run(); });
  // Registered only after the threads exist: the scheduler may send at once.
  // A raw aliasing pointer: the scheduler must not own kilnd's worker.
  id_ = scheduler_.addWorker(std::move(info), std::shared_ptr<WorkerLink>(std::shared_ptr<WorkerLink>(), this));
}

void LocalWorker::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread &t : threads_) t.join();
  threads_.clear();
  if (id_) scheduler_.removeWorker(id_, "kilnd is stopping");
}

bool LocalWorker::send(JobId job, const CompileRequest &request, std::chrono::milliseconds) {
  std::lock_guard lock(mutex_);
  if (stopping_) return false;
  jobs_.emplace_back(job, request);
  wake_.notify_one();
  return true;
}

void LocalWorker::cancel(JobId job) {
  // A job not yet started is dropped; one running finishes and is cached.
  {
    std::lock_guard lock(mutex_);
    auto it = std::find_if(jobs_.begin(), jobs_.end(), [&](const auto &j) { return j.first == job; });
    if (it == jobs_.end()) return;
    jobs_.erase(it);
  }
  // Frees the slot; the scheduler has already dropped the job itself.
  scheduler_.complete(id_, job, CompileResult{});
}

void LocalWorker::run() {
  for (;;) {
    std::pair<JobId, CompileRequest> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    CompileResult result = worker::runJob(job.second, *environment_);
    scheduler_.complete(id_, job.first, std::move(result));
  }
}

}  // namespace kiln::server
