// Many openers reach a cache database that is not set up yet: processes
// and threads released at the same instant, repeated on fresh files until
// the old code's races (issue #13, finding 10) show up. And the open lock
// that serializes them: a bounded wait with a clear error, no stale lock
// after a crash, no litter when nothing is created.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cache/artifact_cache.h"
#include "cache/open_lock.h"
#include "cache/schema.h"
#include "tests/cache/cache_test_support.h"

namespace kiln::cache {
namespace {

constexpr int kRounds = 25;        // fresh databases per test
constexpr int kStaleRounds = 60;   // without the lock, 5 runs of 5 failed within these
constexpr int kProcesses = 6;      // racing processes per round
constexpr int kThreadsEach = 3;    // racing threads per process
constexpr int kStaleProcesses = 12;  // the stale -wal race is between processes
constexpr int kOpensEach = 2;      // each thread opens, writes, closes, twice

std::string blobOf(int process) { return "blob of process " + std::to_string(process); }

// What one racing thread does. Returns "" or the first problem seen.
std::string openWriteClose(const std::string &path, int process) {
  for (int i = 0; i < kOpensEach; ++i) {
    auto cache = ArtifactCache::open(test::testConfig(path));
    if (!cache) return "open: " + cache.error().message;
    if (auto put = (*cache)->putBlob(blobOf(process)); !put) return "put: " + put.error().message;
    auto got = (*cache)->getBlob(Digest::of(blobOf(process)));
    if (!got) return "get: " + got.error().message;
    if (!got->has_value() || **got != blobOf(process)) return "a blob just put is missing";
  }
  return "";
}

// Forks `processes` children that wait on one pipe, then releases them all
// at once; each runs `threads` threads of openWriteClose. Returns how many
// children reported a problem (each prints it).
int raceFirstOpens(const std::string &path, int processes, int threads_each) {
  int gate[2];
  if (pipe(gate) != 0) return processes;
  std::vector<pid_t> children;
  for (int p = 0; p < processes; ++p) {
    pid_t pid = fork();
    if (pid < 0) break;
    if (pid == 0) {
      close(gate[1]);
      char go;
      (void)!read(gate[0], &go, 1);  // EOF when the parent closes its end
      std::atomic<int> failed{0};
      std::vector<std::thread> threads;
      for (int t = 0; t < threads_each; ++t)
        threads.emplace_back([&, t] {
          std::string problem = openWriteClose(path, p);
          if (!problem.empty()) {
            std::fprintf(stderr, "process %d thread %d: %s\n", p, t, problem.c_str());
            ++failed;
          }
        });
      for (std::thread &t : threads) t.join();
      _exit(failed == 0 ? 0 : 1);
    }
    children.push_back(pid);
  }
  close(gate[0]);
  close(gate[1]);  // releases every child at once
  int failures = processes - static_cast<int>(children.size());
  for (pid_t pid : children) {
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
      ++failures;
  }
  return failures;
}

void expectSetUpOnce(const std::string &path, int processes) {
  EXPECT_EQ(test::rawSql(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(test::rawSql(path, "PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(test::rawSql(path, "PRAGMA page_size"), "16384");
  EXPECT_EQ(test::rawSql(path, "SELECT count(*) FROM sqlite_master WHERE name = 'blobs'"), "1");
  EXPECT_EQ(test::rawSql(path, "SELECT value FROM counters WHERE name = 'blob_count'"),
            std::to_string(processes))
      << "each process's blob once: the schema was created once and nothing was lost";
}

TEST(CacheOpenRace, ProcessesAndThreadsRaceTheFirstOpenOfANewFile) {
  for (int round = 0; round < kRounds; ++round) {
    test::TempDir dir;
    std::string path = dir.file("new.db");
    ASSERT_EQ(raceFirstOpens(path, kProcesses, kThreadsEach), 0) << "round " << round;
    expectSetUpOnce(path, kProcesses);
  }
}

// A cache deleted by hand (rm cache.db) but not its -wal: the next opener
// finds a stale -wal beside an empty file and SQLite deletes it. Two
// openers deleting it at once made the loser fail with "disk I/O error
// (during: PRAGMA journal_mode=WAL)" (SQLITE_IOERR_DELETE_NOENT).
TEST(CacheOpenRace, RacingOpenersFindAStaleWalBesideAnEmptyFile) {
  for (int round = 0; round < kStaleRounds; ++round) {
    test::TempDir dir;
    std::string path = dir.file("reset.db");
    std::FILE *db = std::fopen(path.c_str(), "wb");
    ASSERT_NE(db, nullptr);
    std::fclose(db);
    std::FILE *wal = std::fopen((path + "-wal").c_str(), "wb");
    ASSERT_NE(wal, nullptr);
    std::fputs("left over from a deleted cache", wal);
    std::fclose(wal);
    ASSERT_EQ(raceFirstOpens(path, kStaleProcesses, 1), 0) << "round " << round;
    expectSetUpOnce(path, kStaleProcesses);
  }
}

TEST(CacheOpenLock, AnOpenWaitsForAnotherOpenersSetup) {
  test::TempDir dir;
  std::string path = dir.file("c.db");
  auto held = OpenLock::acquire(path, OpenLock::Mode::kExclusive, true, std::chrono::seconds(1));
  ASSERT_TRUE(held) << held.error().message;
  ASSERT_TRUE(held->held());
  std::atomic<bool> opened{false};
  std::thread opener([&] {
    auto cache = ArtifactCache::open(test::testConfig(path));
    EXPECT_TRUE(cache) << cache.error().message;
    opened = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_FALSE(opened) << "the open went ahead while another opener held the lock";
  { OpenLock released = std::move(held).value(); }
  opener.join();
  EXPECT_TRUE(opened);
}

TEST(CacheOpenLock, AHeldLockEndsInABusyErrorNamingTheLockFile) {
  test::TempDir dir;
  std::string path = dir.file("c.db");
  auto held = OpenLock::acquire(path, OpenLock::Mode::kExclusive, true, std::chrono::seconds(1));
  ASSERT_TRUE(held);
  CacheConfig config = test::testConfig(path);
  config.busy_timeout = std::chrono::milliseconds(150);
  auto start = std::chrono::steady_clock::now();
  auto cache = ArtifactCache::open(config);
  auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(cache);
  EXPECT_EQ(cache.error().code, CacheErrc::kBusy);
  EXPECT_NE(cache.error().message.find(openLockPath(path)), std::string::npos)
      << cache.error().message;
  EXPECT_GE(waited, std::chrono::milliseconds(150));
  EXPECT_LT(waited, std::chrono::seconds(5));
  EXPECT_FALSE(std::filesystem::exists(path)) << "nothing was created while waiting";
}

TEST(CacheOpenLock, ReadOnlyOpensShareTheLockButWaitForAWriter) {
  test::TempDir dir;
  std::string path = dir.file("c.db");
  { ASSERT_TRUE(ArtifactCache::open(test::testConfig(path))); }
  CacheConfig config = test::testConfig(path);
  config.read_only = true;
  config.busy_timeout = std::chrono::milliseconds(150);
  {
    auto reader = OpenLock::acquire(path, OpenLock::Mode::kShared, false, std::chrono::seconds(1));
    ASSERT_TRUE(reader && reader->held());
    auto cache = ArtifactCache::open(config);
    EXPECT_TRUE(cache) << "readers do not block each other: " << cache.error().message;
  }
  auto writer = OpenLock::acquire(path, OpenLock::Mode::kExclusive, true, std::chrono::seconds(1));
  ASSERT_TRUE(writer);
  auto cache = ArtifactCache::open(config);
  ASSERT_FALSE(cache) << "a reader must not see a database a writer is still setting up";
  EXPECT_EQ(cache.error().code, CacheErrc::kBusy);
}

// The kernel drops the lock of a process that dies holding it, even by
// SIGKILL, so a crash mid-setup never wedges later opens.
TEST(CacheOpenLock, AHolderKilledMidSetupLeavesNoStaleLock) {
  test::TempDir dir;
  std::string path = dir.file("c.db");
  int ready[2];
  ASSERT_EQ(pipe(ready), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto held = OpenLock::acquire(path, OpenLock::Mode::kExclusive, true, std::chrono::seconds(5));
    (void)!write(ready[1], held ? "y" : "n", 1);
    pause();
    _exit(0);
  }
  char got = 0;
  ASSERT_EQ(read(ready[0], &got, 1), 1);
  ASSERT_EQ(got, 'y');
  CacheConfig config = test::testConfig(path);
  config.busy_timeout = std::chrono::milliseconds(100);
  EXPECT_FALSE(ArtifactCache::open(config)) << "the child holds the lock";
  kill(pid, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  close(ready[0]);
  close(ready[1]);
  auto cache = ArtifactCache::open(config);
  ASSERT_TRUE(cache) << cache.error().message;
  EXPECT_TRUE((*cache)->putBlob("after the crash"));
}

TEST(CacheOpenLock, NoLockFileIsLeftWhenTheDatabaseIsNotCreated) {
  test::TempDir dir;
  CacheConfig config = test::testConfig(dir.file("absent.db"));
  config.create_if_missing = false;
  ASSERT_FALSE(ArtifactCache::open(config));
  config.read_only = true;
  ASSERT_FALSE(ArtifactCache::open(config));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "neither the database nor its lock file";
}

TEST(CacheOpenLock, AMissingDirectoryIsCantOpenNamingTheDatabase) {
  test::TempDir dir;
  auto opened = ArtifactCache::open(test::testConfig(dir.file("no/such/dir/cache.db")));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, CacheErrc::kCantOpen);
  EXPECT_NE(opened.error().message.find("no/such/dir/cache.db"), std::string::npos);
}

}  // namespace
}  // namespace kiln::cache
