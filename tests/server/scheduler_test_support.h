// What the scheduler tests share: links that record instead of workers,
// workers and jobs to route, a clock the test moves.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "server/scheduler/scheduler.h"

namespace kiln::server::scheduler_testing {

using namespace std::chrono_literals;

class RecordingLink : public WorkerLink {
 public:
  bool send(JobId job, const CompileRequest &request, std::chrono::milliseconds) override {
    std::lock_guard lock(mutex);
    sent.push_back(job);
    texts.push_back(request.source.text);
    return !refuse;
  }
  void cancel(JobId job) override {
    std::lock_guard lock(mutex);
    cancelled.push_back(job);
  }
  void disconnect(const std::string &reason) override { disconnected = true; }
  std::vector<JobId> jobs() {
    std::lock_guard lock(mutex);
    return sent;
  }
  std::vector<std::string> sentTexts() {
    std::lock_guard lock(mutex);
    return texts;
  }
  std::mutex mutex;
  std::vector<JobId> sent, cancelled;
  std::vector<std::string> texts;  // each sent request's source text, beside `sent`
  std::atomic<bool> disconnected{false};
  bool refuse = false;
};

inline ToolchainProfile profile(const std::string &ptxas = "ptxas 13.0 sha256:aa") {
  ToolchainProfile p;
  p.tools = {{"llvm", "16"}, {"libdevice", "sha256:bb"}};
  if (!ptxas.empty()) p.tools["ptxas"] = ptxas;
  p.settings = {{"block_threads", "256"}};
  return p;
}

inline WorkerInfo worker(const std::string &id, std::set<std::string> targets, ToolchainProfile p, int slots = 1) {
  WorkerInfo info;
  info.id = id;
  info.targets = std::move(targets);
  info.profile = std::move(p);
  info.slots = slots;
  return info;
}

inline Submission cubinJob(const std::string &key, const std::string &target = "sm_90", const ToolchainProfile &p = profile()) {
  Submission s;
  s.key = key;
  s.request.target = target;
  s.request.emit = {Emit::kCubin};
  s.requirements.target = target;
  for (const std::string tool : {"llvm", "libdevice", "ptxas"}) s.requirements.tools[tool] = p.tools.at(tool);
  s.requirements.settings = p.settings;
  s.requirements.lowering = p.lowering;
  return s;
}

inline CompileResult okResult(const std::string &bytes) {
  CompileResult r;
  r.artifacts.push_back({"k.cubin", "cubin", bytes});
  return r;
}

// A steerable clock, for heartbeats and deadlines.
struct FakeClock {
  std::shared_ptr<std::atomic<std::int64_t>> ms = std::make_shared<std::atomic<std::int64_t>>(0);
  std::function<std::chrono::steady_clock::time_point()> fn() const {
    return [ms = ms] { return std::chrono::steady_clock::time_point(std::chrono::milliseconds(ms->load())); };
  }
  void advance(std::chrono::milliseconds d) { *ms += d.count(); }
};

}  // namespace kiln::server::scheduler_testing
