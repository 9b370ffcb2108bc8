// kilnd's in-process worker: the embedded default's compile slots. It is a
// WorkerLink like any remote worker, so the scheduler routes to it by the
// same rules, but it needs no stream and sends no heartbeats.
#pragma once

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "server/scheduler/scheduler.h"
#include "server/scheduler/worker_link.h"
#include "worker/pipeline/compile.h"

namespace kiln::server {

class LocalWorker : public WorkerLink {
 public:
  LocalWorker(Scheduler &scheduler, std::shared_ptr<const CompileEnvironment> environment, int slots);
  ~LocalWorker() override;  // stops the threads after their current job

  // Registers with the scheduler and starts `slots` threads.
  void start(WorkerInfo info);
  void stop();

  bool send(JobId job, const CompileRequest &request, std::chrono::milliseconds budget) override;
  void cancel(JobId job) override;
  void disconnect(const std::string &reason) override {}

 private:
  void run();

  Scheduler &scheduler_;
  std::shared_ptr<const CompileEnvironment> environment_;
  int slots_;
  WorkerId id_ = 0;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::pair<JobId, CompileRequest>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kiln::server
