// kiln-worker's crash isolation: a job that crashes, hangs or dies is one
// failed job with a diagnostic, and the next job runs normally.
#include "worker/daemon/isolated_job.h"

#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace kiln::worker {
namespace {

using namespace std::chrono_literals;

CompileResult sample(std::size_t bytes = 1000) {
  CompileResult result;
  result.artifacts.push_back({"k.ptx", "ptx", std::string(bytes, 'p')});
  result.artifacts.push_back({"launch.json", "launch", "{}"});
  Diagnostic d;
  d.severity = Severity::kWarning;
  d.file = "k.mlir";
  d.line = 3;
  d.column = 7;
  d.message = "a warning";
  result.diagnostics.push_back(d);
  result.timings.push_back({"lower", 1.5});
  result.tools.push_back("ptxas 13.0 sha256:ab");
  return result;
}

TEST(IsolatedJob, AResultComesBackWhole) {
  CompileResult out = runIsolated([] { return sample(5 << 20); }, "k.mlir", 30s);
  ASSERT_EQ(out.artifacts.size(), 2u);
  EXPECT_EQ(out.artifacts[0].bytes, std::string(5 << 20, 'p'));
  EXPECT_EQ(out.artifacts[1].name, "launch.json");
  ASSERT_EQ(out.diagnostics.size(), 1u);
  EXPECT_EQ(out.diagnostics[0].line, 3u);
  EXPECT_EQ(out.diagnostics[0].message, "a warning");
  EXPECT_EQ(out.tools, std::vector<std::string>{"ptxas 13.0 sha256:ab"});
  EXPECT_TRUE(out.ok());
}

TEST(IsolatedJob, ACrashIsAFailedJobAndTheNextJobRuns) {
  CompileResult crashed = runIsolated([]() -> CompileResult { raise(SIGSEGV); return {}; }, "bad.mlir", 30s);
  EXPECT_FALSE(crashed.ok());
  ASSERT_EQ(crashed.diagnostics.size(), 1u);
  EXPECT_EQ(crashed.diagnostics[0].file, "bad.mlir");
  // SIGSEGV, or SIGABRT when a sanitizer catches the fault first.
  EXPECT_NE(crashed.diagnostics[0].message.find("crashed (signal "), std::string::npos)
      << crashed.diagnostics[0].message;
  CompileResult aborted = runIsolated([]() -> CompileResult { std::abort(); }, "bad.mlir", 30s);
  EXPECT_NE(aborted.diagnostics[0].message.find("signal 6"), std::string::npos);
  EXPECT_TRUE(runIsolated([] { return sample(); }, "k.mlir", 30s).ok());
}

TEST(IsolatedJob, AHungJobIsStoppedAtItsDeadline) {
  auto started = std::chrono::steady_clock::now();
  CompileResult hung = runIsolated([]() -> CompileResult { for (;;) pause(); }, "slow.mlir", 300ms);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
  ASSERT_EQ(hung.diagnostics.size(), 1u);
  EXPECT_NE(hung.diagnostics[0].message.find("did not finish"), std::string::npos);
}

TEST(IsolatedJob, AChildThatExitsWithoutAResultIsReported) {
  CompileResult out = runIsolated([]() -> CompileResult { _exit(3); }, "k.mlir", 30s);
  ASSERT_EQ(out.diagnostics.size(), 1u);
  EXPECT_NE(out.diagnostics[0].message.find("without a complete result (exit status 3)"), std::string::npos)
      << out.diagnostics[0].message;
}

TEST(IsolatedJob, ConcurrentJobsDoNotWaitForEachOther) {
  // A slow job forked from another thread while a fast job's pipe is open
  // (between its pipe() and the parent's close of the write end) must not
  // keep that pipe, or the fast job waits for the slow one to exit. The
  // window is short, so many forks race many fast jobs; without the fix in
  // isolated_job.cpp this fails in most runs, not every run.
  std::atomic<bool> stop{false};
  std::vector<std::thread> slow;
  for (int i = 0; i < 8; ++i)
    slow.emplace_back([&] {
      while (!stop) runIsolated([] { std::this_thread::sleep_for(600ms); return sample(); }, "slow.mlir", 30s);
    });
  std::chrono::steady_clock::duration longest{};
  auto until = std::chrono::steady_clock::now() + 3s;
  while (std::chrono::steady_clock::now() < until) {
    auto started = std::chrono::steady_clock::now();
    EXPECT_TRUE(runIsolated([] { std::this_thread::sleep_for(5ms); return sample(); }, "fast.mlir", 30s).ok());
    longest = std::max(longest, std::chrono::steady_clock::now() - started);
  }
  stop = true;
  for (auto &t : slow) t.join();
  EXPECT_LT(longest, 400ms);
}

// Issue #13, finding 6: a job could hold a core and memory after its client
// left and past its deadline. Each budget now ends the child.
TEST(IsolatedJob, ACancelledJobIsStoppedPromptly) {
  std::atomic<bool> cancelled{false};
  JobLimits limits;
  std::thread canceller([&] {
    std::this_thread::sleep_for(200ms);
    cancelled = true;
  });
  auto started = std::chrono::steady_clock::now();
  CompileResult out = runIsolated([]() -> CompileResult { for (;;) pause(); }, "k.mlir", limits, &cancelled);
  canceller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  ASSERT_EQ(out.diagnostics.size(), 1u);
  EXPECT_NE(out.diagnostics[0].message.find("nobody waits for it"), std::string::npos) << out.diagnostics[0].message;
}

TEST(IsolatedJob, ACpuBudgetStopsASpinningJob) {
  JobLimits limits;
  limits.cpu_seconds = 1;
  CompileResult out = runIsolated(
      []() -> CompileResult {
        for (volatile std::uint64_t i = 0;; i = i + 1) {
        }
      },
      "spin.mlir", limits);
  ASSERT_EQ(out.diagnostics.size(), 1u);
  EXPECT_EQ(out.diagnostics[0].file, "spin.mlir");
  EXPECT_NE(out.diagnostics[0].message.find("used its CPU budget of 1 s"), std::string::npos)
      << out.diagnostics[0].message;
}

TEST(IsolatedJob, AMemoryBudgetStopsAGreedyJob) {
  if (!memoryLimitApplies())
    GTEST_SKIP() << "built with ASan or TSan, whose shadow memory needs an unlimited address space, so "
                    "job children run without RLIMIT_AS";
  JobLimits limits;
  limits.memory_bytes = std::int64_t{256} << 20;
  CompileResult out = runIsolated(
      []() -> CompileResult {
        std::vector<std::unique_ptr<char[]>> hoard;
        for (;;) {
          hoard.emplace_back(new char[16 << 20]);
          hoard.back()[0] = 1;
        }
      },
      "greedy.mlir", limits);
  ASSERT_EQ(out.diagnostics.size(), 1u);
  EXPECT_NE(out.diagnostics[0].message.find("ran out of its memory budget of 256 MiB"), std::string::npos)
      << out.diagnostics[0].message;
  EXPECT_TRUE(runIsolated([] { return sample(); }, "k.mlir", limits).ok());
}

}  // namespace
}  // namespace kiln::worker
