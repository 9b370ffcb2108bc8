#include "server/api/worker_arrivals.h"

namespace kiln::server {

void WorkerArrivals::announce() {
  {
    std::lock_guard lock(mutex_);
    ++joined_;
  }
  arrived_.notify_all();
}

std::uint64_t WorkerArrivals::joined() const {
  std::lock_guard lock(mutex_);
  return joined_;
}

bool WorkerArrivals::waitForArrival(std::uint64_t seen, std::chrono::steady_clock::time_point deadline,
                                    CancelSignal &cancel) {
  // The wake-up takes the same lock the wait checks under, so a cancel
  // between the check and the wait is not lost (cancel_signal.h).
  CancelSignal::Subscription woken = cancel.subscribe([this] {
    std::lock_guard lock(mutex_);
    arrived_.notify_all();
  });
  std::unique_lock lock(mutex_);
  arrived_.wait_until(lock, deadline, [&] { return joined_ > seen || cancel.cancelled(); });
  return joined_ > seen;
}

}  // namespace kiln::server
