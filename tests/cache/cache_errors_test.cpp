// Every way opening or writing the cache can fail gives the caller a clear
// error and leaves the database usable.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <thread>

#include "cache/artifact_cache.h"
#include "cache/schema.h"
#include "tests/cache/cache_test_support.h"

namespace kiln::cache {
namespace {

Expected<std::unique_ptr<ArtifactCache>> openWith(CacheConfig config) {
  return ArtifactCache::open(std::move(config));
}

TEST(CacheOpen, MissingDirectoryNamesThePath) {
  test::TempDir dir;
  auto opened = openWith(test::testConfig(dir.file("no/such/dir/cache.db")));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, CacheErrc::kCantOpen);
  EXPECT_NE(opened.error().message.find("no/such/dir/cache.db"), std::string::npos);
}

TEST(CacheOpen, MissingFileIsAnErrorWhenCreationIsOff) {
  test::TempDir dir;
  CacheConfig config = test::testConfig(dir.file("absent.db"));
  config.create_if_missing = false;
  auto opened = openWith(config);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, CacheErrc::kCantOpen);
  EXPECT_FALSE(std::filesystem::exists(dir.file("absent.db")));
}

TEST(CacheOpen, RefusesADatabaseThatIsNotAKilnCache) {
  test::TempDir dir;
  test::rawSql(dir.file("other.db"), "CREATE TABLE photos(id INTEGER PRIMARY KEY)");
  auto opened = openWith(test::testConfig(dir.file("other.db")));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, CacheErrc::kInvalidArgument);
  EXPECT_NE(opened.error().message.find("does not belong to kiln"), std::string::npos);
  EXPECT_EQ(test::rawSql(dir.file("other.db"), "SELECT count(*) FROM sqlite_master"), "1")
      << "nothing was added to the foreign file";
}

TEST(CacheOpen, RefusesAFileThatIsNotSqlite) {
  test::TempDir dir;
  {
    std::FILE *f = std::fopen(dir.file("junk.db").c_str(), "wb");
    std::string junk = test::bytesFor(9, 8192);
    std::fwrite(junk.data(), 1, junk.size(), f);
    std::fclose(f);
  }
  auto opened = openWith(test::testConfig(dir.file("junk.db")));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, CacheErrc::kCorrupt);
  EXPECT_NE(opened.error().message.find("junk.db"), std::string::npos);
}

TEST(CacheSchema, ANewFileIsMigratedToTheCurrentVersion) {
  test::TempDir dir;
  { ASSERT_TRUE(openWith(test::testConfig(dir.file("c.db")))); }
  EXPECT_EQ(test::rawSql(dir.file("c.db"), "PRAGMA user_version"), std::to_string(kSchemaVersion));
  EXPECT_EQ(test::rawSql(dir.file("c.db"), "PRAGMA application_id"), std::to_string(kApplicationId));
  EXPECT_EQ(test::rawSql(dir.file("c.db"), "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(test::rawSql(dir.file("c.db"), "PRAGMA page_size"), "16384");
  // Reopening an up-to-date file changes nothing and keeps the data.
  {
    auto cache = openWith(test::testConfig(dir.file("c.db")));
    ASSERT_TRUE(cache);
    ASSERT_TRUE((*cache)->putBlob("kept"));
  }
  auto cache = openWith(test::testConfig(dir.file("c.db")));
  ASSERT_TRUE(cache);
  EXPECT_TRUE(*(*cache)->containsBlob(Digest::of("kept")));
}

TEST(CacheSchema, RefusesASchemaFromANewerKiln) {
  test::TempDir dir;
  { ASSERT_TRUE(openWith(test::testConfig(dir.file("c.db")))); }
  test::rawSql(dir.file("c.db"), "PRAGMA user_version = 99");
  auto opened = openWith(test::testConfig(dir.file("c.db")));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, CacheErrc::kSchemaTooNew);
  EXPECT_NE(opened.error().message.find("99"), std::string::npos);
}

TEST(CacheSchema, ConcurrentFirstOpensMigrateOnce) {
  test::TempDir dir;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&] {
      auto cache = openWith(test::testConfig(dir.file("race.db")));
      if (!cache || !(*cache)->putBlob("x")) ++failures;
    });
  for (std::thread &t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(test::rawSql(dir.file("race.db"), "SELECT value FROM counters WHERE name='blob_count'"),
            "1");
}

TEST(CacheWrites, ReadOnlyOpenServesReadsAndRefusesWrites) {
  test::TempDir dir;
  std::string text = test::exampleTexts()[0];
  {
    auto cache = openWith(test::testConfig(dir.file("c.db")));
    ASSERT_TRUE(cache);
    ASSERT_TRUE((*cache)->putBlob(text));
  }
  CacheConfig config = test::testConfig(dir.file("c.db"));
  config.read_only = true;
  auto cache = openWith(config);
  ASSERT_TRUE(cache) << cache.error().message;
  auto got = (*cache)->getBlob(Digest::of(text));
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ(**got, text);
  auto put = (*cache)->putBlob("new");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, CacheErrc::kReadOnly);
  auto gc = (*cache)->gc();
  ASSERT_FALSE(gc);
  EXPECT_EQ(gc.error().code, CacheErrc::kReadOnly);
}

TEST(CacheWrites, AFullDiskFailsThePutAndKeepsEverythingElse) {
  test::TempDir dir;
  CacheConfig config = test::testConfig(dir.file("c.db"));
  config.max_db_bytes = 256 * 1024;
  config.max_bytes = 0;  // no eviction: the file cap must be what stops us
  auto cache = openWith(config);
  ASSERT_TRUE(cache) << cache.error().message;
  std::vector<Digest> stored;
  CacheError last;
  for (int i = 0; i < 200; ++i) {
    std::string bytes = test::bytesFor(i, 8192);
    auto put = (*cache)->putBlob(bytes);
    if (!put) {
      last = put.error();
      break;
    }
    stored.push_back(*put);
  }
  ASSERT_FALSE(stored.empty());
  ASSERT_LT(stored.size(), 200u) << "the cap was never reached";
  EXPECT_EQ(last.code, CacheErrc::kDiskFull);
  EXPECT_NE(last.message.find("disk full"), std::string::npos);
  for (std::size_t i = 0; i < stored.size(); ++i) {
    auto got = (*cache)->getBlob(stored[i]);
    ASSERT_TRUE(got && got->has_value());
    EXPECT_EQ(**got, test::bytesFor(i, 8192));
  }
  auto report = (*cache)->verify();
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->clean());
}

TEST(CacheWrites, ALockedDatabaseGivesBusyAfterTheTimeoutWhileReadsGoOn) {
  test::TempDir dir;
  CacheConfig config = test::testConfig(dir.file("c.db"));
  config.busy_timeout = std::chrono::milliseconds(200);
  auto cache = openWith(config);
  ASSERT_TRUE(cache);
  ASSERT_TRUE((*cache)->putBlob("before"));

  sqlite3 *other = nullptr;
  ASSERT_EQ(sqlite3_open(dir.file("c.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);

  auto put = (*cache)->putBlob("during");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, CacheErrc::kBusy);
  EXPECT_NE(put.error().message.find("locked"), std::string::npos);
  auto read = (*cache)->getBlob(Digest::of("before"));
  ASSERT_TRUE(read && read->has_value()) << "WAL readers do not wait for writers";

  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE((*cache)->putBlob("after"));
}

TEST(CacheWrites, OversizedBlobIsRefusedBeforeAnyWork) {
  test::TempDir dir;
  CacheConfig config = test::testConfig(dir.file("c.db"));
  config.max_blob_bytes = 1000;
  auto cache = openWith(config);
  ASSERT_TRUE(cache);
  auto put = (*cache)->putBlob(std::string(1001, 'x'));
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, CacheErrc::kInvalidArgument);
  EXPECT_NE(put.error().message.find("1001"), std::string::npos);
}

}  // namespace
}  // namespace kiln::cache
