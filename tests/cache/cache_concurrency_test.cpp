// Threads and processes share one cache database, reading and writing
// overlapping keys. Nothing is lost or torn, and no "database is locked"
// reaches a caller.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "cache/artifact_cache.h"
#include "tests/cache/cache_test_support.h"

namespace kiln::cache {
namespace {

constexpr int kKeys = 64;          // shared by every thread and process
constexpr int kRoundsPerWorker = 300;

// What key `k` must always hold: derived from k alone, so any reader in
// any process can check a hit byte for byte. Sizes vary so some blobs are
// compressed (the example texts) and some are not (random bytes).
std::string contentFor(int k) {
  static const std::vector<std::string> examples = test::exampleTexts();
  if (k % 3 == 0) return examples[k % examples.size()] + "\n// key " + std::to_string(k);
  return test::bytesFor(k, 512 + 97 * static_cast<std::size_t>(k));
}

Digest keyFor(int k) { return Digest::of("action " + std::to_string(k)); }

// Mixed puts and gets over the shared keys. Returns a description of the
// first problem, or "" when every call behaved.
std::string work(ArtifactCache &cache, int worker) {
  for (int round = 0; round < kRoundsPerWorker; ++round) {
    int k = (worker * 7 + round * 13) % kKeys;
    if (round % 3 == 0) {
      std::string bytes = contentFor(k);
      std::string_view blobs[] = {bytes};
      Status s = cache.putAction(keyFor(k), test::manifestFor("k" + std::to_string(k), bytes), blobs);
      if (!s) return "putAction: " + s.error().message;
    } else {
      auto hit = cache.getAction(keyFor(k));
      if (!hit) return "getAction: " + hit.error().message;
      if (hit->has_value()) {
        const ActionHit &h = **hit;
        if (h.artifacts.size() != 1 || h.artifacts[0] != contentFor(k) ||
            h.manifest != test::manifestFor("k" + std::to_string(k), contentFor(k)))
          return "torn or wrong entry for key " + std::to_string(k);
      }
      auto blob = cache.getBlob(Digest::of(contentFor(k)));
      if (!blob) return "getBlob: " + blob.error().message;
      if (blob->has_value() && **blob != contentFor(k)) return "wrong blob bytes";
    }
  }
  return "";
}

CacheConfig sharedConfig(const std::string &path) {
  CacheConfig config;
  config.path = path;
  config.max_bytes = 0;  // nothing may disappear: every key must survive
  config.maintenance_interval = std::chrono::milliseconds(10);  // flush often: more contention
  return config;
}

TEST(CacheConcurrency, ThreadsAndProcessesShareOneDatabase) {
  test::TempDir dir;
  std::string path = dir.file("shared.db");
  constexpr int kProcesses = 3, kThreads = 4;

  // Children first, before this process starts any thread: fork and threads
  // do not mix. Each child opens its own cache and runs threads of its own.
  std::vector<pid_t> children;
  for (int p = 0; p < kProcesses; ++p) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int status = 0;
      {
        auto cache = ArtifactCache::open(sharedConfig(path));
        if (!cache) {
          std::fprintf(stderr, "child open: %s\n", cache.error().message.c_str());
          _exit(2);
        }
        std::vector<std::thread> threads;
        std::atomic<int> failed{0};
        for (int t = 0; t < kThreads; ++t)
          threads.emplace_back([&, t] {
            std::string problem = work(**cache, 100 * (p + 1) + t);
            if (!problem.empty()) {
              std::fprintf(stderr, "child %d thread %d: %s\n", p, t, problem.c_str());
              ++failed;
            }
          });
        for (std::thread &t : threads) t.join();
        status = failed == 0 ? 0 : 1;
      }
      _exit(status);
    }
    children.push_back(pid);
  }

  {
    auto cache = ArtifactCache::open(sharedConfig(path));
    ASSERT_TRUE(cache) << cache.error().message;
    std::vector<std::thread> threads;
    std::vector<std::string> problems(kThreads);
    for (int t = 0; t < kThreads; ++t)
      threads.emplace_back([&, t] { problems[t] = work(**cache, t); });
    for (std::thread &t : threads) t.join();
    for (const std::string &problem : problems) EXPECT_EQ(problem, "");
  }
  for (pid_t pid : children) {
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "a child process saw a problem";
  }

  // Every key any worker wrote is there, whole.
  auto cache = ArtifactCache::open(test::testConfig(path));
  ASSERT_TRUE(cache);
  for (int k = 0; k < kKeys; ++k) {
    auto hit = (*cache)->getAction(keyFor(k));
    ASSERT_TRUE(hit) << hit.error().message;
    ASSERT_TRUE(hit->has_value()) << "key " << k << " was lost";
    EXPECT_EQ((**hit).artifacts[0], contentFor(k));
  }
  auto report = (*cache)->verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->clean());
  CacheStats stats = *(*cache)->stats();
  EXPECT_EQ(stats.actions, kKeys);
  EXPECT_GT(stats.hits, 0) << "hit counts from every process were flushed";
}

}  // namespace
}  // namespace kiln::cache
