// How the scheduler reaches one worker. Two implementations: the in-process
// worker (server/local/local_worker.h) and a worker's gRPC stream
// (server/api/worker_hub_service.cpp).
#pragma once

#include <chrono>
#include <string>

#include "server/scheduler/job.h"

namespace kiln::server {

class WorkerLink {
 public:
  virtual ~WorkerLink() = default;
  // Hands `request` to the worker, which answers later through
  // Scheduler::complete. Called without the scheduler's lock held; false
  // when the worker cannot be reached (it is then dropped).
  virtual bool send(JobId job, const CompileRequest &request, std::chrono::milliseconds budget) = 0;
  // Nobody waits for `job` anymore; the worker may stop it.
  virtual void cancel(JobId job) = 0;
  // The scheduler dropped this worker (missed heartbeats): close the link.
  virtual void disconnect(const std::string &reason) = 0;
};

}  // namespace kiln::server
