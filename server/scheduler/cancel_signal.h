// Ends waits early from another thread. The gRPC reactor's OnCancel calls
// cancel(); Scheduler::wait, blocked on its job's condition variable,
// subscribes a wake-up so it returns at once instead of polling a flag.
#pragma once

#include <atomic>
#include <functional>
#include <list>
#include <mutex>

namespace kiln::server {

class CancelSignal {
 public:
  CancelSignal() = default;
  CancelSignal(const CancelSignal &) = delete;
  CancelSignal &operator=(const CancelSignal &) = delete;

  // Marks the signal cancelled (for good) and runs every subscribed
  // wake-up on this thread. Thread-safe; later calls do nothing.
  void cancel();
  bool cancelled() const { return cancelled_.load(std::memory_order_acquire); }

  // A subscribed wake-up; unsubscribes when destroyed or reset. That waits
  // for a wake-up running on another thread to return, so a wake-up may use
  // whatever its subscriber keeps alive until then, and a subscriber must
  // not destroy its Subscription while holding a lock the wake-up takes.
  class Subscription {
   public:
    Subscription() = default;
    Subscription(Subscription &&other) noexcept;
    Subscription &operator=(Subscription &&other) noexcept;
    ~Subscription() { reset(); }
    void reset();

   private:
    friend class CancelSignal;
    using Entry = std::list<std::function<void()>>::iterator;
    Subscription(CancelSignal *signal, Entry entry) : signal_(signal), entry_(entry) {}
    CancelSignal *signal_ = nullptr;
    Entry entry_;
  };

  // `wake` runs when cancel() is called after this returns; one that came
  // before is for the subscriber to see in cancelled(), checked under the
  // same lock its wait uses (or the wake-up could come between the check
  // and the wait, and be lost).
  [[nodiscard]] Subscription subscribe(std::function<void()> wake);

 private:
  std::mutex mutex_;  // guards wakes_; held while they run
  std::list<std::function<void()>> wakes_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace kiln::server
