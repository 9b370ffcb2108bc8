#include "server/scheduler/cancel_signal.h"

#include <utility>

namespace kiln::server {

void CancelSignal::cancel() {
  std::lock_guard lock(mutex_);
  if (cancelled_.exchange(true, std::memory_order_acq_rel)) return;
  for (const std::function<void()> &wake : wakes_) wake();
}

CancelSignal::Subscription CancelSignal::subscribe(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  return Subscription(this, wakes_.insert(wakes_.end(), std::move(wake)));
}

CancelSignal::Subscription::Subscription(Subscription &&other) noexcept
    : signal_(std::exchange(other.signal_, nullptr)), entry_(other.entry_) {}

CancelSignal::Subscription &CancelSignal::Subscription::operator=(Subscription &&other) noexcept {
  if (this != &other) {
    reset();
    signal_ = std::exchange(other.signal_, nullptr);
    entry_ = other.entry_;
  }
  return *this;
}

void CancelSignal::Subscription::reset() {
  if (!signal_) return;
  std::lock_guard lock(signal_->mutex_);
  signal_->wakes_.erase(entry_);
  signal_ = nullptr;
}

}  // namespace kiln::server
