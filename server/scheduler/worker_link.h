// How the scheduler reaches one worker. One implementation serves kilnd's
// local worker child and remote workers alike: a worker's gRPC stream
// (server/api/worker_hub_service.cpp). Tests and benches fake it.
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
