// The scheduler on its own, with recording links instead of workers: single
// flight, capability routing, least-loaded choice, requeue on worker loss,
// heartbeats, deadlines, cancellation. Runs under TSan in CI.
#include "server/scheduler/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "tests/server/scheduler_test_support.h"

namespace kiln::server {
namespace {

using namespace scheduler_testing;

TEST(Scheduler, IdenticalSubmissionsShareOneJob) {
  Scheduler scheduler;
  auto link = std::make_shared<RecordingLink>();
  WorkerId w = scheduler.addWorker(worker("w", {"sm_90"}, profile()), link);
  std::atomic<int> stored{0};
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int i = 0; i < 16; ++i)
    clients.emplace_back([&] {
      Submission s = cubinJob("key-1");
      s.on_result = [&](const JobOutcome &) { ++stored; };
      auto submitted = scheduler.submit(std::move(s));
      auto &ticket = std::get<Scheduler::Ticket>(submitted);
      std::optional<JobOutcome> outcome = scheduler.wait(ticket, nullptr);
      if (outcome && outcome->failure == JobFailure::kNone && outcome->result.artifacts[0].bytes == "cubin") ++ok;
    });
  // Every client has submitted once the one job is sent and 15 have joined.
  while (scheduler.stats().joined < 15) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(link->jobs().size(), 1u);
  scheduler.complete(w, link->jobs()[0], okResult("cubin"));
  for (auto &t : clients) t.join();
  EXPECT_EQ(ok, 16);
  EXPECT_EQ(stored, 1);  // the result is stored once, not once per waiter
  EXPECT_EQ(scheduler.stats().completed, 1);
}

TEST(Scheduler, ASubmissionThatFindsAStoredResultStartsNoJob) {
  Scheduler scheduler;
  auto link = std::make_shared<RecordingLink>();
  scheduler.addWorker(worker("w", {"sm_90"}, profile()), link);
  Submission s = cubinJob("k");
  s.recheck = [] {
    JobOutcome found;
    found.result = okResult("stored meanwhile");
    return std::optional<JobOutcome>(found);
  };
  auto submitted = scheduler.submit(std::move(s));
  ASSERT_TRUE(std::holds_alternative<JobOutcome>(submitted));
  EXPECT_EQ(std::get<JobOutcome>(submitted).failure, JobFailure::kNone);
  EXPECT_EQ(std::get<JobOutcome>(submitted).result.artifacts[0].bytes, "stored meanwhile");
  EXPECT_TRUE(link->jobs().empty());
}

TEST(Scheduler, RoutesByTargetAndExactToolIdentity) {
  Scheduler scheduler;
  auto old_ptxas = std::make_shared<RecordingLink>();
  auto other_target = std::make_shared<RecordingLink>();
  auto right = std::make_shared<RecordingLink>();
  scheduler.addWorker(worker("old", {"sm_90"}, profile("ptxas 12.0 sha256:cc")), old_ptxas);
  scheduler.addWorker(worker("sm80", {"sm_80"}, profile()), other_target);
  scheduler.addWorker(worker("right", {"sm_90"}, profile()), right);
  auto submitted = scheduler.submit(cubinJob("k"));
  ASSERT_TRUE(std::holds_alternative<Scheduler::Ticket>(submitted));
  EXPECT_EQ(right->jobs().size(), 1u);
  EXPECT_TRUE(old_ptxas->jobs().empty());
  EXPECT_TRUE(other_target->jobs().empty());
  scheduler.abandon(std::get<Scheduler::Ticket>(submitted));
}

TEST(Scheduler, RefusesAtOnceWhenNoWorkerCanRunTheJob) {
  Scheduler scheduler;
  scheduler.addWorker(worker("ptx-only", {"sm_90"}, profile("")), std::make_shared<RecordingLink>());
  auto submitted = scheduler.submit(cubinJob("k"));
  ASSERT_TRUE(std::holds_alternative<JobOutcome>(submitted));
  const JobOutcome &refused = std::get<JobOutcome>(submitted);
  EXPECT_EQ(refused.failure, JobFailure::kNoWorker);
  EXPECT_NE(refused.failure_message.find("no connected worker can compile for sm_90 with libdevice, llvm, ptxas"),
            std::string::npos)
      << refused.failure_message;
  EXPECT_NE(refused.failure_message.find("ptx-only (serves sm_90; tools: libdevice, llvm)"), std::string::npos)
      << refused.failure_message;
  Scheduler empty;
  EXPECT_NE(std::get<JobOutcome>(empty.submit(cubinJob("k"))).failure_message.find("no worker is connected"),
            std::string::npos);
}

TEST(Scheduler, ARefusalSaysWhereEachWorkerLookedForTheToolItLacks) {
  Scheduler scheduler;
  WorkerInfo lacking = worker("ptx-only", {"sm_90"}, profile(""));
  lacking.missing_tools = {"nvcc not found (searched: /opt/cuda/bin)", "ptxas not found (searched: /opt/cuda/bin)"};
  scheduler.addWorker(lacking, std::make_shared<RecordingLink>());
  const JobOutcome refused = std::get<JobOutcome>(scheduler.submit(cubinJob("k")));
  EXPECT_EQ(refused.failure, JobFailure::kNoWorker);
  // Only the tool this request needs, not every one the worker lacks.
  EXPECT_NE(refused.failure_message.find("tools: libdevice, llvm; ptxas not found (searched: /opt/cuda/bin))"),
            std::string::npos)
      << refused.failure_message;
  EXPECT_EQ(refused.failure_message.find("nvcc not found"), std::string::npos) << refused.failure_message;
}

TEST(Scheduler, PicksTheLeastLoadedWorker) {
  Scheduler scheduler;
  auto a = std::make_shared<RecordingLink>(), b = std::make_shared<RecordingLink>();
  scheduler.addWorker(worker("a", {"sm_90"}, profile(), 4), a);
  scheduler.addWorker(worker("b", {"sm_90"}, profile(), 1), b);
  std::vector<Scheduler::Ticket> tickets;
  for (int i = 0; i < 5; ++i) tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k" + std::to_string(i)))));
  // a has 4 slots and b 1: all five run, a holds four.
  EXPECT_EQ(a->jobs().size(), 4u);
  EXPECT_EQ(b->jobs().size(), 1u);
  // A sixth waits in the queue.
  tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k5"))));
  EXPECT_EQ(scheduler.stats().queued, 1);
  for (auto &t : tickets) scheduler.abandon(t);
}

TEST(Scheduler, RequeuesTheJobsOfALostWorker) {
  Scheduler scheduler;
  auto first = std::make_shared<RecordingLink>(), second = std::make_shared<RecordingLink>();
  WorkerId w1 = scheduler.addWorker(worker("w1", {"sm_90"}, profile()), first);
  auto ticket = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k")));
  ASSERT_EQ(first->jobs().size(), 1u);
  WorkerId w2 = scheduler.addWorker(worker("w2", {"sm_90"}, profile()), second);
  scheduler.removeWorker(w1, "killed");
  ASSERT_EQ(second->jobs().size(), 1u);
  EXPECT_EQ(second->jobs()[0], first->jobs()[0]);
  // A late answer from the lost worker is ignored; the new one counts.
  scheduler.complete(w1, first->jobs()[0], okResult("stale"));
  scheduler.complete(w2, second->jobs()[0], okResult("fresh"));
  std::optional<JobOutcome> outcome = scheduler.wait(ticket, nullptr);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->result.artifacts[0].bytes, "fresh");
  EXPECT_EQ(outcome->worker, "w2");
  EXPECT_EQ(outcome->attempts, 2);
  EXPECT_EQ(scheduler.stats().requeued, 1);
}

TEST(Scheduler, GivesUpAfterMaxAttempts) {
  SchedulerConfig config;
  config.max_attempts = 2;
  Scheduler scheduler(config);
  auto ticket = [&] {
    scheduler.addWorker(worker("w0", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
    return std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k")));
  }();
  for (int attempt = 0; attempt < 2; ++attempt) {
    SchedulerStats stats = scheduler.stats();
    ASSERT_EQ(stats.workers.size(), 1u);
    WorkerId id = 0;
    // Worker ids are assigned in order from 1.
    id = static_cast<WorkerId>(attempt + 1);
    if (attempt == 0) scheduler.addWorker(worker("w1", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
    scheduler.removeWorker(id, "crashed");
  }
  std::optional<JobOutcome> outcome = scheduler.wait(ticket, nullptr);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->failure, JobFailure::kWorkersLost);
  EXPECT_NE(outcome->failure_message.find("lost its worker 2 times"), std::string::npos) << outcome->failure_message;
}

TEST(Scheduler, DropsWorkersThatMissHeartbeats) {
  FakeClock clock;
  SchedulerConfig config;
  config.now = clock.fn();
  config.heartbeat_period = 1000ms;
  Scheduler scheduler(config);
  auto silent = std::make_shared<RecordingLink>(), alive = std::make_shared<RecordingLink>();
  scheduler.addWorker(worker("silent", {"sm_90"}, profile()), silent);
  WorkerId a = scheduler.addWorker(worker("alive", {"sm_90"}, profile()), alive);
  WorkerInfo local = worker("local", {"sm_90"}, profile());
  local.local = true;
  scheduler.addWorker(local, std::make_shared<RecordingLink>());
  for (int i = 0; i < 4; ++i) {
    clock.advance(1000ms);
    scheduler.heartbeat(a);
    scheduler.tick();
  }
  EXPECT_TRUE(silent->disconnected);
  EXPECT_FALSE(alive->disconnected);
  std::vector<std::string> ids;
  for (const WorkerSnapshot &w : scheduler.stats().workers) ids.push_back(w.info.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"alive", "local"}));  // the local worker is supervised, not dropped for silence
}

TEST(Scheduler, FailsJobsPastTheirDeadlineAndCancelsThemOnTheWorker) {
  FakeClock clock;
  SchedulerConfig config;
  config.now = clock.fn();
  config.job_deadline = 5000ms;
  Scheduler scheduler(config);
  auto link = std::make_shared<RecordingLink>();
  WorkerId w = scheduler.addWorker(worker("w", {"sm_90"}, profile()), link);
  auto ticket = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k")));
  clock.advance(4000ms);
  scheduler.heartbeat(w);
  scheduler.tick();
  EXPECT_EQ(scheduler.activeJobs(), 1);
  clock.advance(1500ms);
  scheduler.heartbeat(w);
  scheduler.tick();
  std::optional<JobOutcome> outcome = scheduler.wait(ticket, nullptr);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->failure, JobFailure::kDeadline);
  EXPECT_EQ(link->cancelled, link->jobs());
  // The worker's slot stays taken until it answers.
  EXPECT_EQ(scheduler.stats().workers[0].busy, 1);
  scheduler.complete(w, link->jobs()[0], okResult("late"));
  EXPECT_EQ(scheduler.stats().workers[0].busy, 0);
}

TEST(Scheduler, AQueuedJobNobodyWaitsForIsDropped) {
  Scheduler scheduler;
  auto link = std::make_shared<RecordingLink>();
  scheduler.addWorker(worker("w", {"sm_90"}, profile()), link);
  auto running = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("running")));
  auto queued = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("queued")));
  EXPECT_EQ(scheduler.stats().queued, 1);
  CancelSignal hung_up;  // the client hangs up
  hung_up.cancel();
  std::optional<JobOutcome> gone = scheduler.wait(queued, &hung_up);
  EXPECT_FALSE(gone);
  EXPECT_EQ(scheduler.stats().queued, 0);
  // A running job nobody waits for is cancelled on its worker.
  scheduler.abandon(running);
  EXPECT_EQ(link->cancelled.size(), 1u);
}

TEST(Scheduler, ShutdownFailsQueuedJobsAndRefusesNewOnes) {
  Scheduler scheduler;
  scheduler.addWorker(worker("w", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
  auto running = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("a")));
  auto queued = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("b")));
  scheduler.shutdown();
  std::optional<JobOutcome> outcome = scheduler.wait(queued, nullptr);
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->failure, JobFailure::kShuttingDown);
  EXPECT_EQ(std::get<JobOutcome>(scheduler.submit(cubinJob("c"))).failure, JobFailure::kShuttingDown);
  EXPECT_EQ(scheduler.activeJobs(), 1);  // the running one drains
  scheduler.abandon(running);
}

TEST(Scheduler, ProfilesForListDistinctProfilesOfServingWorkers) {
  Scheduler scheduler;
  scheduler.addWorker(worker("a", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
  scheduler.addWorker(worker("b", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
  scheduler.addWorker(worker("c", {"sm_90"}, profile("ptxas 12.9 sha256:dd")), std::make_shared<RecordingLink>());
  scheduler.addWorker(worker("d", {"sm_80"}, profile("ptxas 12.8 sha256:ee")), std::make_shared<RecordingLink>());
  EXPECT_EQ(scheduler.profilesFor("sm_90", {"ptxas"}).size(), 2u);
  EXPECT_EQ(scheduler.profilesFor("sm_80", {"ptxas"}).size(), 1u);
  EXPECT_TRUE(scheduler.profilesFor("sm_90", {"nvcc"}).empty());
}

TEST(Scheduler, ManyClientsAndWorkersUnderContention) {
  Scheduler scheduler;
  std::vector<std::pair<WorkerId, std::shared_ptr<RecordingLink>>> workers;
  for (int i = 0; i < 3; ++i) {
    auto link = std::make_shared<RecordingLink>();
    workers.emplace_back(scheduler.addWorker(worker("w" + std::to_string(i), {"sm_90"}, profile(), 2), link), link);
  }
  std::atomic<bool> stop{false};
  // Workers answer whatever they were sent.
  std::vector<std::thread> answerers;
  for (auto &[id, link] : workers)
    answerers.emplace_back([&, id = id, link = link] {
      std::size_t answered = 0;
      while (!stop) {
        std::vector<JobId> jobs = link->jobs();
        for (; answered < jobs.size(); ++answered) scheduler.complete(id, jobs[answered], okResult("x"));
        std::this_thread::sleep_for(100us);
      }
    });
  std::atomic<int> done{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 8; ++c)
    clients.emplace_back([&, c] {
      for (int i = 0; i < 50; ++i) {
        auto submitted = scheduler.submit(cubinJob("k" + std::to_string((c * 50 + i) % 37)));
        auto &ticket = std::get<Scheduler::Ticket>(submitted);
        if (auto outcome = scheduler.wait(ticket, nullptr); outcome && outcome->failure == JobFailure::kNone) ++done;
      }
    });
  for (auto &t : clients) t.join();
  stop = true;
  for (auto &t : answerers) t.join();
  EXPECT_EQ(done, 400);
  EXPECT_EQ(scheduler.activeJobs(), 0);
}

}  // namespace
}  // namespace kiln::server
