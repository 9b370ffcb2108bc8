// Scheduler::wait sleeps on its job until something happens to it: the
// job ends, its deadline passes (tick), or the waiter's CancelSignal fires.
// Bounds here are generous (seconds) and only catch a wait that never
// wakes; how fast it wakes is measured in bench/, not asserted.
#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "server/scheduler/scheduler.h"
#include "tests/server/scheduler_test_support.h"

namespace kiln::server {
namespace {

using namespace scheduler_testing;
using SteadyClock = std::chrono::steady_clock;

TEST(SchedulerWait, ACancelFromAnotherThreadEndsTheWait) {
  Scheduler scheduler;
  scheduler.addWorker(worker("w", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
  auto running = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("running")));
  auto queued = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("queued")));
  CancelSignal hang_up;
  std::promise<void> waiting;
  auto returned = std::async(std::launch::async, [&] {
    waiting.set_value();
    std::optional<JobOutcome> outcome = scheduler.wait(queued, &hang_up);
    return std::make_pair(outcome.has_value(), SteadyClock::now());
  });
  waiting.get_future().wait();
  // Most likely asleep in wait() by now; were it not yet, it sees the
  // cancel on entering. Either way it must return.
  std::this_thread::sleep_for(20ms);
  SteadyClock::time_point cancelled_at = SteadyClock::now();
  hang_up.cancel();
  ASSERT_EQ(returned.wait_for(10s), std::future_status::ready) << "wait() did not wake on cancel";
  auto [got_outcome, at] = returned.get();
  EXPECT_FALSE(got_outcome);
  EXPECT_LT(at - cancelled_at, 1s);
  EXPECT_EQ(scheduler.stats().queued, 0);  // nobody waits for it: dropped
  scheduler.abandon(running);
}

TEST(SchedulerWait, OneWaiterCancellingLeavesTheOthersWaiting) {
  Scheduler scheduler;
  auto link = std::make_shared<RecordingLink>();
  WorkerId w = scheduler.addWorker(worker("w", {"sm_90"}, profile()), link);
  auto first = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k")));
  auto second = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k")));
  ASSERT_TRUE(second.joined);
  CancelSignal first_hangs_up, second_stays;
  auto second_outcome = std::async(std::launch::async, [&] { return scheduler.wait(second, &second_stays); });
  auto first_outcome = std::async(std::launch::async, [&] { return scheduler.wait(first, &first_hangs_up); });
  first_hangs_up.cancel();
  EXPECT_FALSE(first_outcome.get());
  EXPECT_TRUE(link->cancelled.empty());  // someone still waits: the job goes on
  scheduler.complete(w, link->jobs()[0], okResult("cubin"));
  std::optional<JobOutcome> outcome = second_outcome.get();
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->result.artifacts[0].bytes, "cubin");
}

TEST(SchedulerWait, ADeadlineEndsABlockedWait) {
  FakeClock clock;
  SchedulerConfig config;
  config.now = clock.fn();
  config.job_deadline = 5000ms;
  Scheduler scheduler(config);
  scheduler.addWorker(worker("w", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
  auto ticket = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k")));
  CancelSignal never;
  auto outcome = std::async(std::launch::async, [&] { return scheduler.wait(ticket, &never); });
  clock.advance(6000ms);
  scheduler.tick();
  ASSERT_EQ(outcome.wait_for(10s), std::future_status::ready) << "wait() did not wake on the deadline";
  std::optional<JobOutcome> ended = outcome.get();
  ASSERT_TRUE(ended);
  EXPECT_EQ(ended->failure, JobFailure::kDeadline);
}

TEST(SchedulerWait, ACancelBeforeTheWaitReturnsAtOnce) {
  Scheduler scheduler;
  scheduler.addWorker(worker("w", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
  auto running = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("running")));
  CancelSignal gone;
  gone.cancel();
  EXPECT_FALSE(scheduler.wait(running, &gone));
  EXPECT_FALSE(running.job);  // abandoned
}

}  // namespace
}  // namespace kiln::server
