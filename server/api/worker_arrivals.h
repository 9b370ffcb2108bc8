// Wakes compiles that wait for a worker. A compile that arrives while no
// connected worker can serve it (kilnd just started, its local worker still
// dialling in, or a farm's workers reconnecting) waits up to
// ServerConfig::worker_wait for one instead of failing at once; the worker
// hub announces every worker that joins, and each waiter looks again.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "server/scheduler/cancel_signal.h"

namespace kiln::server {

class WorkerArrivals {
 public:
  // A worker joined (after Scheduler::addWorker): every waiter looks again.
  void announce();
  // How many workers have joined so far; read before looking, so an arrival
  // between the look and the wait is not missed.
  std::uint64_t joined() const;
  // Waits until a worker joins after `seen` workers had, `deadline` passes
  // or `cancel` is cancelled; true when one joined.
  bool waitForArrival(std::uint64_t seen, std::chrono::steady_clock::time_point deadline, CancelSignal &cancel);

 private:
  mutable std::mutex mutex_;
  std::condition_variable arrived_;
  std::uint64_t joined_ = 0;
};

}  // namespace kiln::server
