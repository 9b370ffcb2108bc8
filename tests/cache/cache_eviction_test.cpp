// Eviction: least recently used first, by byte budget and by age, with
// pinned blobs kept and the budget held while writers keep writing.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "cache/artifact_cache.h"
#include "tests/cache/cache_test_support.h"

namespace kiln::cache {
namespace {

constexpr std::size_t kBlob = 10000;  // random bytes: stored raw, exactly this size

class EvictionTest : public ::testing::Test {
 protected:
  void open(std::int64_t max_bytes, std::chrono::milliseconds max_age = {}) {
    CacheConfig config = test::testConfig(dir_.file("c.db"));
    config.max_bytes = max_bytes;
    config.max_age = max_age;
    config.now_ms = [this] { return clock_.load(); };
    auto opened = ArtifactCache::open(config);
    ASSERT_TRUE(opened) << opened.error().message;
    cache_ = std::move(opened).value();
  }
  Digest put(int seed) {
    auto d = cache_->putBlob(test::bytesFor(seed, kBlob));
    EXPECT_TRUE(d) << d.error().message;
    return d ? *d : Digest{};
  }
  bool has(int seed) { return *cache_->containsBlob(Digest::of(test::bytesFor(seed, kBlob))); }
  void touch(int seed) {
    auto got = cache_->getBlob(Digest::of(test::bytesFor(seed, kBlob)));
    ASSERT_TRUE(got && got->has_value());
  }

  test::TempDir dir_;
  std::atomic<std::int64_t> clock_{1'000'000};
  std::unique_ptr<ArtifactCache> cache_;
};

TEST_F(EvictionTest, EvictsLeastRecentlyUsedFirst) {
  open(5 * kBlob);
  for (int i = 0; i < 5; ++i) {
    put(i);
    clock_ += 1000;
  }
  touch(0);  // 0 is now the most recently used; 1 is the oldest
  touch(2);
  clock_ += 1000;
  put(5);  // over budget by one blob
  auto report = cache_->gc();
  ASSERT_TRUE(report) << report.error().message;
  // Down to 90% of 5 blobs: two must go, the two least recently used.
  EXPECT_FALSE(has(1));
  EXPECT_FALSE(has(3));
  EXPECT_TRUE(has(0));
  EXPECT_TRUE(has(2));
  EXPECT_TRUE(has(4));
  EXPECT_TRUE(has(5));
  EXPECT_EQ(report->entries_evicted, 2);
  EXPECT_LE(report->stored_bytes_after, static_cast<std::int64_t>(5 * kBlob));
  EXPECT_EQ(cache_->stats()->evictions, 2);
}

TEST_F(EvictionTest, AccessTimesReachTheDatabaseOnlyWhenFlushed) {
  open(0);
  Digest d = put(1);
  std::int64_t written = (*cache_->statBlob(d))->accessed_ms;
  clock_ += 5000;
  touch(1);
  EXPECT_EQ((*cache_->statBlob(d))->accessed_ms, written) << "a hit does not write";
  ASSERT_TRUE(cache_->flush());
  EXPECT_EQ((*cache_->statBlob(d))->accessed_ms, written + 5000);
}

TEST_F(EvictionTest, EvictingABlobTakesTheActionsThatNameIt) {
  open(3 * kBlob);
  std::string a = test::bytesFor(100, kBlob), b = test::bytesFor(101, kBlob);
  std::string_view blobs[] = {a};
  ASSERT_TRUE(cache_->putAction(Digest::of("old"), test::manifestFor("a", a), blobs));
  clock_ += 1000;
  put(1);
  put(2);
  clock_ += 1000;
  std::string_view newer[] = {b};
  ASSERT_TRUE(cache_->putAction(Digest::of("new"), test::manifestFor("b", b), newer));
  ASSERT_TRUE(cache_->gc());
  EXPECT_FALSE(*cache_->containsAction(Digest::of("old")));
  EXPECT_TRUE(*cache_->containsAction(Digest::of("new")));
  auto verify = cache_->verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->clean()) << "no manifest outlives its blobs";
}

TEST_F(EvictionTest, ActionsWithoutArtifactsAreEvictedByAgeToo) {
  open(0, std::chrono::hours(1));
  Manifest failed;
  failed.record = "a failed compile's diagnostics, no blobs";
  ASSERT_TRUE(cache_->putAction(Digest::of("failed"), failed));
  clock_ += 2 * 3600 * 1000;
  auto report = cache_->gc();
  ASSERT_TRUE(report);
  EXPECT_FALSE(*cache_->containsAction(Digest::of("failed")));
  EXPECT_EQ(report->entries_evicted, 1);
}

TEST_F(EvictionTest, MaxAgeEvictsOnlyWhatWasNotUsedRecently) {
  open(0, std::chrono::hours(1));
  put(1);
  put(2);
  clock_ += 50 * 60 * 1000;
  touch(2);
  clock_ += 20 * 60 * 1000;  // 1 is 70 minutes old, 2 was used 20 minutes ago
  ASSERT_TRUE(cache_->gc());
  EXPECT_FALSE(has(1));
  EXPECT_TRUE(has(2));
}

TEST_F(EvictionTest, PinnedBlobsSurviveEvenWhenOldest) {
  open(2 * kBlob);
  Digest oldest = put(1);
  clock_ += 1000;
  put(2);
  clock_ += 1000;
  put(3);
  {
    PinSet::Pin pin = cache_->pin(oldest);
    ASSERT_TRUE(cache_->gc());
    EXPECT_TRUE(has(1));
    EXPECT_FALSE(has(2));
  }
  clock_ += 1000;
  put(4);
  put(5);
  ASSERT_TRUE(cache_->gc());
  EXPECT_TRUE(has(5));
  EXPECT_FALSE(has(1)) << "unpinned, it is the oldest again";
}

TEST_F(EvictionTest, GcOptionsOverrideTheConfiguredBudget) {
  open(100 * kBlob);
  for (int i = 0; i < 10; ++i) put(i);
  GcOptions options;
  options.max_bytes = 4 * kBlob;
  auto report = cache_->gc(options);
  ASSERT_TRUE(report);
  EXPECT_LE(report->stored_bytes_after, static_cast<std::int64_t>(4 * kBlob));
  EXPECT_TRUE(report->budget_met);
}

TEST(EvictionUnderLoad, BackgroundEvictionHoldsTheBudgetWhileThreadsWrite) {
  test::TempDir dir;
  CacheConfig config;
  config.path = dir.file("c.db");
  config.max_bytes = 40 * kBlob;
  config.maintenance_interval = std::chrono::milliseconds(20);
  auto opened = ArtifactCache::open(config);
  ASSERT_TRUE(opened) << opened.error().message;
  ArtifactCache &cache = **opened;
  std::atomic<int> errors{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t)
    writers.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        std::string bytes = test::bytesFor(t * 1000 + i, kBlob);
        std::string_view blobs[] = {bytes};
        Digest key = Digest::of("key" + std::to_string(t * 1000 + i));
        if (!cache.putAction(key, test::manifestFor("a", bytes), blobs)) ++errors;
        auto hit = cache.getAction(key);  // may already be evicted, never wrong
        if (!hit) ++errors;
        else if (hit->has_value() && (*hit)->artifacts[0] != bytes) ++errors;
      }
    });
  for (std::thread &t : writers) t.join();
  EXPECT_EQ(errors, 0);
  // 400 entries of 10 kB went through a 400 kB budget; eviction kept up.
  std::int64_t stored = 0;
  for (int attempt = 0; attempt < 100; ++attempt) {
    stored = cache.stats()->stored_bytes;
    if (stored <= config.max_bytes) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_LE(stored, config.max_bytes);
  CacheStats stats = *cache.stats();
  EXPECT_GT(stats.evictions, 0);
  auto verify = cache.verify();
  ASSERT_TRUE(verify);
  EXPECT_TRUE(verify->clean());
}

}  // namespace
}  // namespace kiln::cache
