// kill -9 in the middle of writes: the database reopens, passes
// integrity_check, and holds only complete entries, including every entry
// whose put returned before the kill.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <thread>

#include "cache/artifact_cache.h"
#include "tests/cache/cache_test_support.h"

namespace kiln::cache {
namespace {

std::string artifactFor(int i) { return test::bytesFor(i, 20000 + 3000 * (i % 17)); }

// The child writes actions (3 artifacts each) and batches of blobs forever,
// and reports each action number on `fd` once its put has returned.
[[noreturn]] void writeUntilKilled(const std::string &path, int first, int fd) {
  CacheConfig config;
  config.path = path;
  config.max_bytes = 0;
  config.maintenance_interval = std::chrono::milliseconds(5);
  auto cache = ArtifactCache::open(config);
  if (!cache) _exit(2);
  for (int i = first;; ++i) {
    std::string a = artifactFor(i), b = artifactFor(i + 1000000), c = test::exampleTexts()[i % 5];
    Manifest m = test::manifestFor("a", a);
    m.blobs.push_back({Digest::of(b), static_cast<std::int64_t>(b.size())});
    m.blobs.push_back({Digest::of(c), static_cast<std::int64_t>(c.size())});
    std::string_view blobs[] = {a, b, c};
    if (!(*cache)->putAction(Digest::of("key " + std::to_string(i)), m, blobs)) _exit(3);
    if (write(fd, &i, sizeof i) != sizeof i) _exit(4);
    std::vector<std::string> batch;
    for (int j = 0; j < 8; ++j) batch.push_back(test::bytesFor(i * 100 + j + 5000000, 3000));
    std::vector<std::string_view> views(batch.begin(), batch.end());
    if (!(*cache)->putBlobs(views)) _exit(5);
  }
}

TEST(CacheCrash, KillNineMidWriteLeavesOnlyCompleteEntries) {
  test::TempDir dir;
  std::string path = dir.file("crash.db");
  std::mt19937 rng(1234);
  std::vector<int> committed;
  int next = 0;
  for (int round = 0; round < 8; ++round) {
    int pipe_fds[2];
    ASSERT_EQ(pipe(pipe_fds), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      close(pipe_fds[0]);
      writeUntilKilled(path, next, pipe_fds[1]);
    }
    close(pipe_fds[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(40 + rng() % 120));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the writer stopped on its own (exit "
                                     << WEXITSTATUS(status) << ") instead of being killed";
    int i;
    while (read(pipe_fds[0], &i, sizeof i) == sizeof i) committed.push_back(i);
    close(pipe_fds[0]);
    next = committed.empty() ? next + 1000 : committed.back() + 1;

    EXPECT_EQ(test::rawSql(path, "PRAGMA integrity_check"), "ok") << "round " << round;
    auto cache = ArtifactCache::open(test::testConfig(path));
    ASSERT_TRUE(cache) << cache.error().message;
    auto report = (*cache)->verify(VerifyOptions{.repair = false});
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_TRUE(report->clean()) << "round " << round << ": " << report->corrupt_blobs
                                 << " corrupt blobs, " << report->dangling_actions
                                 << " dangling actions, " << report->counters_fixed
                                 << " counters off";
  }
  ASSERT_GT(committed.size(), 8u) << "the writer made too little progress to test anything";
  auto cache = ArtifactCache::open(test::testConfig(path));
  ASSERT_TRUE(cache);
  for (int i : committed) {
    auto hit = (*cache)->getAction(Digest::of("key " + std::to_string(i)));
    ASSERT_TRUE(hit) << hit.error().message;
    ASSERT_TRUE(hit->has_value()) << "action " << i << " was acknowledged, then lost";
    ASSERT_EQ((**hit).artifacts.size(), 3u);
    EXPECT_EQ((**hit).artifacts[0], artifactFor(i));
  }
}

}  // namespace
}  // namespace kiln::cache
