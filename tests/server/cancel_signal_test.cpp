// CancelSignal alone: wake-ups run on cancel, once, and not after their
// subscription is gone.
#include "server/scheduler/cancel_signal.h"

#include <gtest/gtest.h>

#include <thread>

namespace kiln::server {
namespace {

TEST(CancelSignal, RunsSubscribedWakeUpsOnceOnCancel) {
  CancelSignal signal;
  int woken = 0, other = 0;
  CancelSignal::Subscription a = signal.subscribe([&] { ++woken; });
  CancelSignal::Subscription b = signal.subscribe([&] { ++other; });
  EXPECT_FALSE(signal.cancelled());
  signal.cancel();
  signal.cancel();  // a second cancel changes nothing
  EXPECT_TRUE(signal.cancelled());
  EXPECT_EQ(woken, 1);
  EXPECT_EQ(other, 1);
}

TEST(CancelSignal, AGoneSubscriptionIsNotWoken) {
  CancelSignal signal;
  int woken = 0, kept = 0;
  CancelSignal::Subscription gone = signal.subscribe([&] { ++woken; });
  CancelSignal::Subscription stays = signal.subscribe([&] { ++kept; });
  gone.reset();
  { CancelSignal::Subscription scoped = signal.subscribe([&] { ++woken; }); }
  CancelSignal::Subscription moved = std::move(stays);
  stays.reset();  // moved from: holds nothing, unsubscribes nothing
  signal.cancel();
  EXPECT_EQ(woken, 0);
  EXPECT_EQ(kept, 1);
}

TEST(CancelSignal, CancelFromAnotherThreadWhileSubscribing) {
  // For TSan: subscribing, unsubscribing and cancelling race freely.
  CancelSignal signal;
  std::atomic<int> woken{0};
  std::thread canceller([&] { signal.cancel(); });
  for (int i = 0; i < 100; ++i) {
    CancelSignal::Subscription s = signal.subscribe([&] { ++woken; });
  }
  canceller.join();
  EXPECT_TRUE(signal.cancelled());
  EXPECT_LE(woken.load(), 1);
}

}  // namespace
}  // namespace kiln::server
