// ArtifactCache: storing and serving blobs and actions, and never serving
// anything corrupt or incomplete.
#include <gtest/gtest.h>

#include "cache/action_key.h"
#include "cache/artifact_cache.h"
#include "tests/cache/cache_test_support.h"

namespace kiln::cache {
namespace {

class ArtifactCacheTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    cache_.reset();
    auto opened = ArtifactCache::open(test::testConfig(path_));
    ASSERT_TRUE(opened) << opened.error().message;
    cache_ = std::move(opened).value();
  }
  CacheStats stats() {
    auto s = cache_->stats();
    EXPECT_TRUE(s) << s.error().message;
    return s ? *s : CacheStats{};
  }
  // Stores one example kernel as an action's single artifact.
  Digest putExampleAction(const std::string &text, const std::string &name) {
    Digest key = Digest::of("action:" + name);
    std::string_view blobs[] = {text};
    Status s = cache_->putAction(key, test::manifestFor(name, text), blobs);
    EXPECT_TRUE(s) << s.error().message;
    return key;
  }

  test::TempDir dir_;
  std::string path_ = dir_.file("cache.db");
  std::unique_ptr<ArtifactCache> cache_;
};

TEST_F(ArtifactCacheTest, ServesEveryExampleKernelBackByDigest) {
  for (const std::string &text : test::exampleTexts()) {
    auto digest = cache_->putBlob(text);
    ASSERT_TRUE(digest) << digest.error().message;
    EXPECT_EQ(*digest, Digest::of(text));
  }
  reopen();  // from disk, not from anything held in memory
  for (const std::string &text : test::exampleTexts()) {
    auto got = cache_->getBlob(Digest::of(text));
    ASSERT_TRUE(got) << got.error().message;
    ASSERT_TRUE(got->has_value());
    EXPECT_EQ(**got, text);
    auto info = cache_->statBlob(Digest::of(text));
    ASSERT_TRUE(info && info->has_value());
    EXPECT_EQ((*info)->size, static_cast<std::int64_t>(text.size()));
    EXPECT_EQ((*info)->codec, BlobCodec::kZstd);
  }
  CacheStats s = stats();
  EXPECT_EQ(s.blobs, static_cast<std::int64_t>(test::exampleTexts().size()));
  EXPECT_EQ(s.blob_hits, s.blobs);
  EXPECT_LT(s.stored_bytes, s.logical_bytes);
}

TEST_F(ArtifactCacheTest, AnUnknownDigestIsAMissNotAnError) {
  auto got = cache_->getBlob(Digest::of("never stored"));
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->has_value());
  EXPECT_FALSE(*cache_->containsBlob(Digest::of("never stored")));
  EXPECT_EQ(stats().blob_misses, 1);
}

TEST_F(ArtifactCacheTest, PuttingTheSameBytesTwiceStoresThemOnce) {
  std::string bytes = test::bytesFor(7, 4096);
  ASSERT_TRUE(cache_->putBlob(bytes));
  ASSERT_TRUE(cache_->putBlob(bytes));
  EXPECT_EQ(stats().blobs, 1);
  EXPECT_EQ(stats().stored_bytes, 4096);
}

TEST_F(ArtifactCacheTest, ActionRoundTripsManifestAndArtifacts) {
  std::vector<std::string> texts = test::exampleTexts();
  Digest key = putExampleAction(texts[0], "first.ptx");
  reopen();
  auto hit = cache_->getAction(key);
  ASSERT_TRUE(hit) << hit.error().message;
  ASSERT_TRUE(hit->has_value());
  EXPECT_EQ((*hit)->manifest, test::manifestFor("first.ptx", texts[0]));
  ASSERT_EQ((*hit)->artifacts.size(), 1u);
  EXPECT_EQ((*hit)->artifacts[0], texts[0]);
  EXPECT_EQ(stats().hits, 1);

  auto miss = cache_->getAction(Digest::of("other key"));
  ASSERT_TRUE(miss);
  EXPECT_FALSE(miss->has_value());
  EXPECT_EQ(stats().misses, 1);
}

TEST_F(ArtifactCacheTest, ActionMayNameBlobsStoredEarlier) {
  std::string bytes = test::exampleTexts()[1];
  ASSERT_TRUE(cache_->putBlob(bytes));
  Digest key = Digest::of("k");
  ASSERT_TRUE(cache_->putAction(key, test::manifestFor("a.ptx", bytes)));
  auto hit = cache_->getAction(key);
  ASSERT_TRUE(hit && hit->has_value());
  EXPECT_EQ((*hit)->artifacts[0], bytes);
}

TEST_F(ArtifactCacheTest, ActionNamingAnUnknownBlobIsRefusedAndWritesNothing) {
  std::string given = test::bytesFor(1, 100), missing = test::bytesFor(2, 100);
  Manifest m = test::manifestFor("given.ptx", given);
  m.blobs.push_back({Digest::of(missing), 100});
  std::string_view blobs[] = {given};
  Status s = cache_->putAction(Digest::of("k"), m, blobs);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, CacheErrc::kMissingBlob);
  EXPECT_NE(s.error().message.find(Digest::of(missing).hex()), std::string::npos);
  EXPECT_EQ(stats().blobs, 0) << "the transaction rolled back";
  EXPECT_FALSE(*cache_->containsAction(Digest::of("k")));
}

TEST_F(ArtifactCacheTest, ManifestSizeMustMatchTheGivenBytes) {
  std::string bytes = test::bytesFor(3, 64);
  Manifest m = test::manifestFor("a.ptx", bytes);
  m.blobs[0].size = 65;
  std::string_view blobs[] = {bytes};
  Status s = cache_->putAction(Digest::of("k"), m, blobs);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, CacheErrc::kInvalidArgument);
}

TEST_F(ArtifactCacheTest, ANewResultReplacesTheOldOneForTheSameKey) {
  std::vector<std::string> texts = test::exampleTexts();
  Digest key = Digest::of("k");
  std::string_view first[] = {texts[0]}, second[] = {texts[1]};
  ASSERT_TRUE(cache_->putAction(key, test::manifestFor("a", texts[0]), first));
  ASSERT_TRUE(cache_->putAction(key, test::manifestFor("b", texts[1]), second));
  auto hit = cache_->getAction(key);
  ASSERT_TRUE(hit && hit->has_value());
  EXPECT_EQ((*hit)->artifacts[0], texts[1]);
  EXPECT_EQ(stats().actions, 1);
}

TEST_F(ArtifactCacheTest, CorruptBlobIsCaughtOnReadDroppedAndCounted) {
  std::string text = test::exampleTexts()[0];
  Digest key = putExampleAction(text, "k.ptx");
  cache_.reset();
  // Same length, different bytes: only the digest check can notice.
  test::rawSql(path_, "UPDATE blobs SET data = zeroblob(length(data))");
  reopen();
  auto got = cache_->getBlob(Digest::of(text));
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_FALSE(got->has_value()) << "corrupt bytes must never be served";
  EXPECT_EQ(stats().corruptions, 1);
  EXPECT_EQ(stats().blobs, 0) << "dropped";
  EXPECT_FALSE(*cache_->containsAction(key)) << "the action naming it went too";
}

TEST_F(ArtifactCacheTest, ActionWithACorruptArtifactIsAMiss) {
  std::string bytes = test::bytesFor(5, 4096);  // stored raw
  Digest key = Digest::of("k");
  std::string_view blobs[] = {bytes};
  ASSERT_TRUE(cache_->putAction(key, test::manifestFor("a", bytes), blobs));
  cache_.reset();
  test::rawSql(path_, "UPDATE blobs SET data = CAST(substr(data, 2) || x'00' AS BLOB)");
  reopen();
  auto hit = cache_->getAction(key);
  ASSERT_TRUE(hit) << hit.error().message;
  EXPECT_FALSE(hit->has_value());
  CacheStats s = stats();
  EXPECT_EQ(s.corruptions, 1);
  EXPECT_EQ(s.misses, 1);
  EXPECT_EQ(s.actions, 0);
}

TEST_F(ArtifactCacheTest, ManifestWithAMissingBlobIsAMissAndIsRemoved) {
  std::string text = test::exampleTexts()[0];
  Digest key = putExampleAction(text, "k.ptx");
  cache_.reset();
  // Bypass the trigger that keeps this from happening, as a damaged or
  // hand-edited file might.
  test::rawSql(path_, "DROP TRIGGER blobs_delete; DELETE FROM blobs;");
  reopen();
  auto hit = cache_->getAction(key);
  ASSERT_TRUE(hit) << hit.error().message;
  EXPECT_FALSE(hit->has_value());
  EXPECT_EQ(stats().misses, 1);
  EXPECT_FALSE(*cache_->containsAction(key));
}

TEST_F(ArtifactCacheTest, DamagedManifestIsAMissAndIsRemoved) {
  Digest key = putExampleAction(test::exampleTexts()[0], "k.ptx");
  cache_.reset();
  test::rawSql(path_, "UPDATE actions SET manifest = CAST('{\"format\":' AS BLOB)");
  reopen();
  auto hit = cache_->getAction(key);
  ASSERT_TRUE(hit);
  EXPECT_FALSE(hit->has_value());
  EXPECT_EQ(stats().corruptions, 1);
  EXPECT_FALSE(*cache_->containsAction(key));
}

TEST_F(ArtifactCacheTest, AManifestFromAnOlderKilnIsAMissNotCorruption) {
  Digest key = putExampleAction(test::exampleTexts()[0], "k.ptx");
  cache_.reset();
  // A kiln.manifest.v2 row, as kiln wrote before the cache stored opaque records.
  test::rawSql(path_, "UPDATE actions SET manifest = X'4B4D460201000000'");
  reopen();
  auto verify = cache_->verify();
  ASSERT_TRUE(verify);
  EXPECT_EQ(verify->bad_manifests, 0) << "an old format is not damage";
  EXPECT_EQ(verify->dangling_actions, 0);
  auto hit = cache_->getAction(key);
  ASSERT_TRUE(hit);
  EXPECT_FALSE(hit->has_value());
  EXPECT_EQ(stats().corruptions, 0);
  EXPECT_FALSE(*cache_->containsAction(key)) << "dropped, to be compiled again";
}

TEST_F(ArtifactCacheTest, VerifyFindsAndRepairsEveryKindOfDamage) {
  std::vector<std::string> texts = test::exampleTexts();
  for (std::size_t i = 0; i < texts.size(); ++i)
    putExampleAction(texts[i], "k" + std::to_string(i));
  auto clean = cache_->verify();
  ASSERT_TRUE(clean) << clean.error().message;
  EXPECT_TRUE(clean->clean());
  EXPECT_EQ(clean->blobs_checked, static_cast<std::int64_t>(texts.size()));
  EXPECT_EQ(clean->actions_checked, static_cast<std::int64_t>(texts.size()));
  cache_.reset();
  test::rawSql(path_,
               "UPDATE blobs SET data = zeroblob(length(data)) WHERE id = 1;"
               "UPDATE actions SET manifest = CAST('junk' AS BLOB) WHERE id = 2;"
               "UPDATE counters SET value = 5 WHERE name = 'blob_count';");
  reopen();
  auto report = cache_->verify(VerifyOptions{.repair = false});
  ASSERT_TRUE(report);
  EXPECT_EQ(report->corrupt_blobs, 1);
  EXPECT_EQ(report->bad_manifests, 1);
  EXPECT_FALSE(report->repaired);
  report = cache_->verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->repaired);
  // blob_count was set wrong, and rewriting a manifest in place moved
  // stored_bytes behind the triggers' back.
  EXPECT_EQ(report->counters_fixed, 2);
  auto after = cache_->verify();
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->clean());
  EXPECT_EQ(after->actions_checked, static_cast<std::int64_t>(texts.size()) - 2);
  EXPECT_EQ(test::rawSql(path_, "PRAGMA integrity_check"), "ok");
}

}  // namespace
}  // namespace kiln::cache
