// The scheduler's own cost per job, with fake workers and no compiles:
// submit -> assigned (link.send) -> complete -> wait returns, timed one job
// at a time. Prints one JSON object for bench/run-scheduler-bench.sh.
//
//   inline    one thread plays the client and every worker. A window of
//             `workers` jobs stays in flight (workers have 2 slots, so about
//             half are busy); each step submits one job and completes, then
//             waits for, the oldest. The scheduler's CPU cost alone.
//   threaded  a client thread submits and waits; a worker thread answers
//             each send, as a worker's gRPC stream would. `workers` jobs are
//             held running meanwhile, so the index holds every worker.
//
// Anchors, in the same run:
//   floor     the bookkeeping any scheduler does per job, done bare: a
//             shared_ptr'd job made, a std::map insert and erase, three
//             uncontended mutex lock/unlock pairs (submit, complete, wait)
//   handoff   a round trip between the same two threads through a bare
//             mutex and condition variable: the floor of `threaded`
//
//   scheduler_bench [--jobs 100000] [--workers 10,100,1000]
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "server/scheduler/scheduler.h"

namespace {

using namespace kiln;
using namespace kiln::server;
using Clock = std::chrono::steady_clock;

struct Summary {
  double median_us = 0, p99_us = 0, mean_us = 0;
};

Summary summarize(std::vector<double> samples_ns) {
  std::sort(samples_ns.begin(), samples_ns.end());
  Summary out;
  double total = 0;
  for (double s : samples_ns) total += s;
  out.median_us = samples_ns[samples_ns.size() / 2] / 1000.0;
  out.p99_us = samples_ns[samples_ns.size() * 99 / 100] / 1000.0;
  out.mean_us = total / samples_ns.size() / 1000.0;
  return out;
}

double nanos(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::nano>(to - from).count();
}

ToolchainProfile benchProfile() {
  ToolchainProfile p;
  p.tools = {{"llvm", "16"}, {"libdevice", "sha256:bb"}, {"ptxas", "ptxas 13.0 sha256:aa"}};
  p.settings = {{"block_threads", "256"}};
  return p;
}

Submission benchJob(std::int64_t n) {
  static const ToolchainProfile profile = benchProfile();
  Submission s;
  s.key = "job-" + std::to_string(n);
  s.request.target = "sm_90";
  s.requirements.target = "sm_90";
  s.requirements.tools = profile.tools;
  s.requirements.settings = profile.settings;
  s.requirements.lowering = profile.lowering;
  return s;
}

std::vector<WorkerId> addWorkers(Scheduler &scheduler, int count, const std::vector<std::shared_ptr<WorkerLink>> &links) {
  std::vector<WorkerId> ids;
  for (int i = 0; i < count; ++i) {
    WorkerInfo info;
    info.id = "fake-" + std::to_string(i);
    info.targets = {"sm_90"};
    info.profile = benchProfile();
    info.slots = 2;
    ids.push_back(scheduler.addWorker(info, links[i]));
  }
  return ids;
}

// Inline: sends land in a list the same thread answers from.
struct Sent {
  WorkerId worker;
  JobId job;
};
class InlineLink : public WorkerLink {
 public:
  InlineLink(std::deque<Sent> &sent, WorkerId &self) : sent_(sent), self_(self) {}
  bool send(JobId job, const CompileRequest &, std::chrono::milliseconds) override {
    sent_.push_back({self_, job});
    return true;
  }
  void cancel(JobId) override {}
  void disconnect(const std::string &) override {}

 private:
  std::deque<Sent> &sent_;
  WorkerId &self_;
};

Summary runInline(int worker_count, int jobs) {
  Scheduler scheduler;
  std::deque<Sent> sent;  // oldest first: the window in flight
  std::vector<WorkerId> self(worker_count);
  std::vector<std::shared_ptr<WorkerLink>> links;
  for (int i = 0; i < worker_count; ++i) links.push_back(std::make_shared<InlineLink>(sent, self[i]));
  std::vector<WorkerId> ids = addWorkers(scheduler, worker_count, links);
  std::copy(ids.begin(), ids.end(), self.begin());
  std::deque<Scheduler::Ticket> tickets;
  std::int64_t n = 0;
  for (int i = 0; i < worker_count; ++i)
    tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(benchJob(n++))));
  std::vector<double> samples;
  samples.reserve(jobs);
  const int warmup = std::min(jobs / 10, 5000);
  for (int i = 0; i < warmup + jobs; ++i) {
    Clock::time_point start = Clock::now();
    tickets.push_back(std::get<Scheduler::Ticket>(scheduler.submit(benchJob(n++))));
    Sent oldest = sent.front();
    sent.pop_front();
    scheduler.complete(oldest.worker, oldest.job, {});
    std::optional<JobOutcome> outcome = scheduler.wait(tickets.front());
    tickets.pop_front();
    Clock::time_point end = Clock::now();
    if (!outcome || outcome->failure != JobFailure::kNone) std::abort();
    if (i >= warmup) samples.push_back(nanos(start, end));
  }
  for (auto &t : tickets) scheduler.abandon(t);
  return summarize(std::move(samples));
}

// Threaded: a worker thread answers sends; held jobs are kept, not answered.
class ThreadedLink : public WorkerLink {
 public:
  struct Shared {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Sent> pending;
    bool answering = false, stop = false;
  };
  ThreadedLink(Shared &shared, WorkerId &self) : shared_(shared), self_(self) {}
  bool send(JobId job, const CompileRequest &, std::chrono::milliseconds) override {
    {
      std::lock_guard lock(shared_.mutex);
      if (!shared_.answering) return true;  // a held job: stays running
      shared_.pending.push_back({self_, job});
    }
    shared_.wake.notify_one();
    return true;
  }
  void cancel(JobId) override {}
  void disconnect(const std::string &) override {}

 private:
  Shared &shared_;
  WorkerId &self_;
};

Summary runThreaded(int worker_count, int jobs) {
  Scheduler scheduler;
  ThreadedLink::Shared shared;
  std::vector<WorkerId> self(worker_count);
  std::vector<std::shared_ptr<WorkerLink>> links;
  for (int i = 0; i < worker_count; ++i) links.push_back(std::make_shared<ThreadedLink>(shared, self[i]));
  std::vector<WorkerId> ids = addWorkers(scheduler, worker_count, links);
  std::copy(ids.begin(), ids.end(), self.begin());
  std::int64_t n = 0;
  std::vector<Scheduler::Ticket> held;
  for (int i = 0; i < worker_count; ++i) held.push_back(std::get<Scheduler::Ticket>(scheduler.submit(benchJob(n++))));
  {
    std::lock_guard lock(shared.mutex);
    shared.answering = true;
  }
  std::thread worker([&] {
    std::unique_lock lock(shared.mutex);
    for (;;) {
      shared.wake.wait(lock, [&] { return shared.stop || !shared.pending.empty(); });
      if (shared.stop) return;
      Sent next = shared.pending.front();
      shared.pending.pop_front();
      lock.unlock();
      scheduler.complete(next.worker, next.job, {});
      lock.lock();
    }
  });
  std::vector<double> samples;
  samples.reserve(jobs);
  const int warmup = std::min(jobs / 10, 5000);
  for (int i = 0; i < warmup + jobs; ++i) {
    Clock::time_point start = Clock::now();
    auto ticket = std::get<Scheduler::Ticket>(scheduler.submit(benchJob(n++)));
    std::optional<JobOutcome> outcome = scheduler.wait(ticket);
    Clock::time_point end = Clock::now();
    if (!outcome || outcome->failure != JobFailure::kNone) std::abort();
    if (i >= warmup) samples.push_back(nanos(start, end));
  }
  {
    std::lock_guard lock(shared.mutex);
    shared.stop = true;
  }
  shared.wake.notify_one();
  worker.join();
  for (auto &t : held) scheduler.abandon(t);
  return summarize(std::move(samples));
}

struct FloorJob {
  std::uint64_t id;
  std::string key;
  CompileRequest request;
  std::condition_variable changed;
};

Summary runFloor(int jobs) {
  std::mutex mutex;
  std::map<std::uint64_t, std::shared_ptr<FloorJob>> by_id;
  std::vector<double> samples;
  samples.reserve(jobs);
  for (int i = 0; i < jobs; ++i) {
    Clock::time_point start = Clock::now();
    std::shared_ptr<FloorJob> job;
    {
      std::lock_guard lock(mutex);  // submit
      job = std::make_shared<FloorJob>();
      job->id = static_cast<std::uint64_t>(i);
      job->key = "job-" + std::to_string(i);
      by_id.emplace(job->id, job);
    }
    {
      std::lock_guard lock(mutex);  // complete
      by_id.erase(job->id);
      job->changed.notify_all();
    }
    { std::lock_guard lock(mutex); }  // wait
    Clock::time_point end = Clock::now();
    samples.push_back(nanos(start, end));
  }
  return summarize(std::move(samples));
}

Summary runHandoff(int jobs) {
  // Notifies after unlocking, as the scheduler and the fake links do, so
  // the woken thread does not wake only to block on the mutex.
  std::mutex mutex;
  std::condition_variable to_worker, to_client;
  std::int64_t asked = 0, answered = 0;
  bool stop = false;
  std::thread worker([&] {
    std::unique_lock lock(mutex);
    for (;;) {
      to_worker.wait(lock, [&] { return stop || asked > answered; });
      if (stop) return;
      answered = asked;
      lock.unlock();
      to_client.notify_one();
      lock.lock();
    }
  });
  std::vector<double> samples;
  samples.reserve(jobs);
  for (int i = 0; i < jobs; ++i) {
    Clock::time_point start = Clock::now();
    std::unique_lock lock(mutex);
    std::int64_t mine = ++asked;
    lock.unlock();
    to_worker.notify_one();
    lock.lock();
    to_client.wait(lock, [&] { return answered == mine; });
    lock.unlock();
    samples.push_back(nanos(start, Clock::now()));
  }
  {
    std::lock_guard lock(mutex);
    stop = true;
  }
  to_worker.notify_one();
  worker.join();
  return summarize(std::move(samples));
}

std::string json(const char *name, int workers, const Summary &s) {
  char line[256];
  std::snprintf(line, sizeof line,
                "{\"name\": \"%s\", \"workers\": %d, \"median_us\": %.3f, \"p99_us\": %.3f, \"mean_us\": %.3f}", name,
                workers, s.median_us, s.p99_us, s.mean_us);
  return line;
}

}  // namespace

int main(int argc, char **argv) {
  int jobs = 100'000;
  std::vector<int> worker_counts = {10, 100, 1000};
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--jobs")) {
      jobs = std::stoi(argv[i + 1]);
    } else if (!std::strcmp(argv[i], "--workers")) {
      worker_counts.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string item; std::getline(list, item, ',');) worker_counts.push_back(std::stoi(item));
    } else {
      std::fprintf(stderr, "usage: scheduler_bench [--jobs N] [--workers 10,100,1000]\n");
      return 2;
    }
  }
  std::vector<std::string> rows;
  rows.push_back(json("floor", 0, runFloor(jobs)));
  rows.push_back(json("handoff", 0, runHandoff(jobs)));
  for (int workers : worker_counts) {
    rows.push_back(json("inline", workers, runInline(workers, jobs)));
    rows.push_back(json("threaded", workers, runThreaded(workers, jobs)));
  }
  std::printf("{\"jobs\": %d, \"results\": [\n", jobs);
  for (std::size_t i = 0; i < rows.size(); ++i) std::printf("  %s%s\n", rows[i].c_str(), i + 1 < rows.size() ? "," : "");
  std::printf("]}\n");
  return 0;
}
