// Routing through the per-platform index: least loaded capable worker among
// many, the oldest job of a worker's platforms when it frees a slot, many
// workers on shared and separate platforms, profilesFor kept current.
#include <gtest/gtest.h>

#include <map>

#include "server/scheduler/scheduler.h"
#include "tests/server/scheduler_test_support.h"

namespace kiln::server {
namespace {

using namespace scheduler_testing;

Submission named(const std::string &key, const std::string &text, const std::string &target = "sm_90",
                 const ToolchainProfile &p = profile()) {
  Submission s = cubinJob(key, target, p);
  s.request.source.text = text;
  return s;
}

TEST(SchedulerRouting, PicksTheLeastLoadedCapableWorkerAmongMany) {
  Scheduler scheduler;
  std::vector<std::shared_ptr<RecordingLink>> small;  // 2 slots each
  std::vector<WorkerId> small_ids;
  for (int i = 0; i < 20; ++i) {
    small.push_back(std::make_shared<RecordingLink>());
    small_ids.push_back(scheduler.addWorker(worker("c" + std::to_string(i), {"sm_90"}, profile(), 2), small.back()));
  }
  // Roomier but unable: an older ptxas, or another target.
  std::vector<std::shared_ptr<RecordingLink>> unable;
  for (int i = 0; i < 10; ++i) {
    unable.push_back(std::make_shared<RecordingLink>());
    scheduler.addWorker(worker("old" + std::to_string(i), {"sm_90"}, profile("ptxas 12.0 sha256:cc"), 8), unable.back());
    unable.push_back(std::make_shared<RecordingLink>());
    scheduler.addWorker(worker("sm80-" + std::to_string(i), {"sm_80"}, profile(), 8), unable.back());
  }
  auto big = std::make_shared<RecordingLink>();
  scheduler.addWorker(worker("big", {"sm_90"}, profile(), 4), big);

  std::vector<Scheduler::Ticket> tickets;
  auto submit = [&](int i) {
    tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k" + std::to_string(i)))));
  };
  // 21 jobs: one on each of the 21 capable workers, all idle until then.
  for (int i = 0; i < 21; ++i) submit(i);
  for (auto &link : small) EXPECT_EQ(link->jobs().size(), 1u);
  EXPECT_EQ(big->jobs().size(), 1u);
  // Now big runs 1 of 4 and the others 1 of 2: big is least loaded.
  submit(21);
  EXPECT_EQ(big->jobs().size(), 2u);
  // c7 finishes: it is empty, so it is next.
  scheduler.complete(small_ids[7], small[7]->jobs()[0], okResult("x"));
  submit(22);
  EXPECT_EQ(small[7]->jobs().size(), 2u);
  // At equal fractions (big 2 of 4, the rest 1 of 2) fewer running jobs
  // wins, then the earlier worker: c0.
  submit(23);
  EXPECT_EQ(small[0]->jobs().size(), 2u);
  for (auto &link : unable) EXPECT_TRUE(link->jobs().empty());
  for (auto &t : tickets) scheduler.abandon(t);
}

TEST(SchedulerRouting, AFreedSlotTakesTheOldestJobOfTheWorkersPlatforms) {
  Scheduler scheduler;
  auto both = std::make_shared<RecordingLink>();
  WorkerId w = scheduler.addWorker(worker("both", {"sm_80", "sm_90"}, profile()), both);
  auto only80 = std::make_shared<RecordingLink>();
  std::vector<Scheduler::Ticket> tickets;
  tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(named("first", "first"))));
  // Queued, oldest first, on two platforms the one worker serves.
  for (const auto &[key, target] : std::vector<std::pair<std::string, std::string>>{
           {"b1", "sm_80"}, {"a1", "sm_90"}, {"b2", "sm_80"}, {"a2", "sm_90"}})
    tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(named(key, key, target))));
  EXPECT_EQ(scheduler.stats().queued, 4);
  for (int i = 0; i < 4; ++i) {
    std::vector<JobId> sent = both->jobs();
    scheduler.complete(w, sent.back(), okResult("x"));
  }
  EXPECT_EQ(both->sentTexts(), (std::vector<std::string>{"first", "b1", "a1", "b2", "a2"}));
  // A worker serving only one of the platforms takes only its jobs, FIFO.
  tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(named("busy", "busy", "sm_90"))));
  for (const std::string key : {"c1", "d1", "c2"})
    tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(named(key, key, key[0] == 'c' ? "sm_80" : "sm_90"))));
  scheduler.addWorker(worker("only80", {"sm_80"}, profile()), only80);
  EXPECT_EQ(only80->sentTexts(), (std::vector<std::string>{"c1"}));
  for (const std::string next : {"busy", "d1", "c2"}) {
    scheduler.complete(w, both->jobs().back(), okResult("x"));
    EXPECT_EQ(both->sentTexts().back(), next);
  }
  for (auto &t : tickets) scheduler.abandon(t);
}

TEST(SchedulerRouting, ARequeuedJobGoesAheadOfQueuedOnes) {
  Scheduler scheduler;
  auto first = std::make_shared<RecordingLink>(), second = std::make_shared<RecordingLink>();
  WorkerId w1 = scheduler.addWorker(worker("w1", {"sm_90"}, profile()), first);
  std::vector<Scheduler::Ticket> tickets;
  for (const std::string key : {"running", "waiting"})
    tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(named(key, key))));
  scheduler.addWorker(worker("w2", {"sm_80"}, profile()), second);  // serves none of them
  auto third = std::make_shared<RecordingLink>();
  scheduler.removeWorker(w1, "killed");
  EXPECT_EQ(scheduler.stats().queued, 2);
  scheduler.addWorker(worker("w3", {"sm_90"}, profile()), third);
  EXPECT_EQ(third->sentTexts(), (std::vector<std::string>{"running"}));
  for (auto &t : tickets) scheduler.abandon(t);
}

TEST(SchedulerRouting, ManyWorkersOnSharedAndSeparatePlatforms) {
  Scheduler scheduler;
  // 1,000 one-slot workers of four kinds; "dual" serves both targets.
  struct Kind {
    std::string name;
    std::set<std::string> targets;
    ToolchainProfile profile;
  };
  const ToolchainProfile old_ptxas = profile("ptxas 12.0 sha256:cc");
  std::vector<Kind> kinds = {{"new90", {"sm_90"}, profile()},
                             {"old90", {"sm_90"}, old_ptxas},
                             {"new80", {"sm_80"}, profile()},
                             {"dual", {"sm_80", "sm_90"}, profile()}};
  std::map<std::string, std::vector<std::pair<WorkerId, std::shared_ptr<RecordingLink>>>> by_kind;
  for (int i = 0; i < 1000; ++i) {
    const Kind &kind = kinds[i % 4];
    auto link = std::make_shared<RecordingLink>();
    by_kind[kind.name].emplace_back(
        scheduler.addWorker(worker(kind.name + std::to_string(i), kind.targets, kind.profile), link), link);
  }
  std::vector<Scheduler::Ticket> tickets;
  auto submitMany = [&](const std::string &text, int count, const std::string &target, const ToolchainProfile &p) {
    for (int i = 0; i < count; ++i)
      tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(named(text + std::to_string(i), text, target, p))));
  };
  submitMany("old90", 250, "sm_90", old_ptxas);  // only old90 workers can
  submitMany("new90", 500, "sm_90", profile());  // new90 and dual
  submitMany("new80", 500, "sm_80", profile());  // new80 and dual, which are full: 250 wait
  EXPECT_EQ(scheduler.stats().queued, 250);
  for (auto &[id, link] : by_kind["dual"]) scheduler.complete(id, link->jobs()[0], okResult("x"));
  EXPECT_EQ(scheduler.stats().queued, 0);
  std::map<std::string, std::vector<std::string>> expected = {
      {"new90", {"new90"}}, {"old90", {"old90"}}, {"new80", {"new80"}}, {"dual", {"new90", "new80"}}};
  std::set<JobId> sent;
  for (auto &[kind, workers] : by_kind)
    for (auto &[id, link] : workers) {
      EXPECT_EQ(link->sentTexts(), expected[kind]) << kind;
      for (JobId job : link->jobs()) EXPECT_TRUE(sent.insert(job).second) << "job " << job << " sent twice";
    }
  EXPECT_EQ(sent.size(), 1250u);
  for (auto &t : tickets) scheduler.abandon(t);
}

TEST(SchedulerRouting, ProfilesForFollowsWorkersAndLoad) {
  Scheduler scheduler;
  const ToolchainProfile newer = profile(), older = profile("ptxas 12.9 sha256:dd");
  WorkerId a = scheduler.addWorker(worker("a", {"sm_90"}, newer), std::make_shared<RecordingLink>());
  EXPECT_EQ(scheduler.profilesFor("sm_90", {"ptxas"}), (std::vector<ToolchainProfile>{newer}));
  // A worker joining shows in the next answer, though the question is the same.
  scheduler.addWorker(worker("b", {"sm_90"}, older), std::make_shared<RecordingLink>());
  EXPECT_EQ(scheduler.profilesFor("sm_90", {"ptxas"}), (std::vector<ToolchainProfile>{newer, older}));
  // Least loaded first: with a busy, b's profile leads.
  auto ticket = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k", "sm_90", newer)));
  EXPECT_EQ(scheduler.profilesFor("sm_90", {"ptxas", "llvm"}), (std::vector<ToolchainProfile>{older, newer}));
  EXPECT_EQ(scheduler.profilesFor("sm_90", {"llvm", "ptxas"}), (std::vector<ToolchainProfile>{older, newer}));
  scheduler.abandon(ticket);
  // A worker leaving is gone from it.
  scheduler.removeWorker(a, "left");
  EXPECT_EQ(scheduler.profilesFor("sm_90", {"ptxas"}), (std::vector<ToolchainProfile>{older}));
  EXPECT_TRUE(scheduler.profilesFor("sm_80", {"ptxas"}).empty());
}

TEST(SchedulerRouting, APlatformWithoutWorkersRefusesAgainAfterTheyLeave) {
  Scheduler scheduler;
  WorkerId w = scheduler.addWorker(worker("w", {"sm_90"}, profile()), std::make_shared<RecordingLink>());
  auto ticket = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k")));
  scheduler.abandon(ticket);
  scheduler.removeWorker(w, "left");
  auto refused = scheduler.submit(cubinJob("k2"));
  ASSERT_TRUE(std::holds_alternative<JobOutcome>(refused));
  EXPECT_EQ(std::get<JobOutcome>(refused).failure, JobFailure::kNoWorker);
  // And takes jobs again when one comes back.
  auto link = std::make_shared<RecordingLink>();
  scheduler.addWorker(worker("w", {"sm_90"}, profile()), link);
  auto again = std::get<Scheduler::Ticket>(scheduler.submit(cubinJob("k3")));
  EXPECT_EQ(link->jobs().size(), 1u);
  scheduler.abandon(again);
}

}  // namespace
}  // namespace kiln::server
