// kiln cache stats|gc|verify, run as a user would, on a fresh and on a
// filled database.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cache/artifact_cache.h"
#include "tests/cache/cache_test_support.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln::cache {
namespace {

using nlohmann::json;

class KilnCacheCli : public ::testing::Test {
 protected:
  test::ProcessResult kiln(std::vector<std::string> args) {
    args.insert(args.begin(), (test::binDir() / "kiln").string());
    return test::runProcess(args);
  }
  json kilnJson(std::vector<std::string> args, int expected_exit = 0) {
    args.push_back("--json");
    test::ProcessResult r = kiln(args);
    EXPECT_EQ(r.exit_code, expected_exit) << r.err;
    json out = json::parse(r.out, nullptr, false);
    EXPECT_FALSE(out.is_discarded()) << r.out;
    return out;
  }
  void createFresh() { ASSERT_TRUE(ArtifactCache::open(test::testConfig(db_))); }
  void fill() {
    auto cache = ArtifactCache::open(test::testConfig(db_));
    ASSERT_TRUE(cache);
    std::vector<std::string> texts = test::exampleTexts();
    for (std::size_t i = 0; i < texts.size(); ++i) {
      std::string_view blobs[] = {texts[i]};
      ASSERT_TRUE((*cache)->putAction(Digest::of(texts[i]), test::manifestFor("k", texts[i]), blobs));
      ASSERT_TRUE((*cache)->getAction(Digest::of(texts[i])));
    }
    ASSERT_TRUE((*cache)->getAction(Digest::of("absent")));
  }

  test::TempDir dir_;
  std::string db_ = dir_.file("cache.db");
};

TEST_F(KilnCacheCli, StatsOnAFreshDatabaseShowsZeros) {
  createFresh();
  json s = kilnJson({"cache", "stats", "--db", db_});
  EXPECT_EQ(s["entries"], 0);
  EXPECT_EQ(s["stored_bytes"], 0);
  EXPECT_EQ(s["hits"], 0);
  EXPECT_EQ(s["schema_version"], 1);
  test::ProcessResult text = kiln({"cache", "stats", "--db", db_});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("entries         0 actions, 0 blobs"), std::string::npos) << text.out;
}

TEST_F(KilnCacheCli, StatsOnAFilledDatabaseCountsEntriesHitsAndMisses) {
  fill();
  auto n = static_cast<int>(test::exampleTexts().size());
  json s = kilnJson({"cache", "stats", "--db", db_});
  EXPECT_EQ(s["actions"], n);
  EXPECT_EQ(s["blobs"], n);
  EXPECT_EQ(s["hits"], n);
  EXPECT_EQ(s["misses"], 1);
  EXPECT_GT(s["logical_bytes"].get<std::int64_t>(), s["stored_bytes"].get<std::int64_t>() / 2);
  EXPECT_EQ(s["corruptions"], 0);
  test::ProcessResult text = kiln({"cache", "stats", "--db", db_});
  EXPECT_NE(text.out.find("hit rate"), std::string::npos);
}

TEST_F(KilnCacheCli, VerifyPassesAFreshAndAFilledDatabase) {
  createFresh();
  EXPECT_EQ(kilnJson({"cache", "verify", "--db", db_})["clean"], true);
  fill();
  json v = kilnJson({"cache", "verify", "--db", db_});
  EXPECT_EQ(v["clean"], true);
  EXPECT_EQ(v["blobs_checked"], static_cast<int>(test::exampleTexts().size()));
  EXPECT_NE(kiln({"cache", "verify", "--db", db_}).out.find("ok"), std::string::npos);
}

TEST_F(KilnCacheCli, VerifyReportsCorruptionWithExitOneThenRepairsIt) {
  fill();
  test::rawSql(db_, "UPDATE blobs SET data = zeroblob(length(data)) WHERE id = 1");
  json check = kilnJson({"cache", "verify", "--db", db_, "--check-only"}, 1);
  EXPECT_EQ(check["corrupt_blobs"], 1);
  EXPECT_EQ(check["repaired"], false);
  test::ProcessResult repair = kiln({"cache", "verify", "--db", db_});
  EXPECT_EQ(repair.exit_code, 1);
  EXPECT_NE(repair.out.find(db_ + ": error: 1 blobs do not match their digest"), std::string::npos)
      << repair.out;
  EXPECT_EQ(kilnJson({"cache", "verify", "--db", db_})["clean"], true);
  EXPECT_EQ(kilnJson({"cache", "stats", "--db", db_})["corruptions"], 1);
}

TEST_F(KilnCacheCli, GcShrinksToTheGivenBudget) {
  createFresh();
  EXPECT_EQ(kilnJson({"cache", "gc", "--db", db_})["entries_evicted"], 0);
  fill();
  json gc = kilnJson({"cache", "gc", "--db", db_, "--max-size", "4K"});
  EXPECT_GT(gc["entries_evicted"].get<int>(), 0);
  EXPECT_LE(gc["stored_bytes"].get<std::int64_t>(), 4096);
  EXPECT_GT(gc["stored_bytes"].get<std::int64_t>(), 0) << "the most recent entries stay";
  EXPECT_EQ(gc["budget_met"], true);
  EXPECT_EQ(kilnJson({"cache", "verify", "--db", db_})["clean"], true);
  // Everything left was used moments ago: a one-day age limit keeps it all.
  json aged = kilnJson({"cache", "gc", "--db", db_, "--max-age", "1d", "--max-size", "1G"});
  EXPECT_EQ(aged["entries_evicted"], 0);
  EXPECT_EQ(aged["stored_bytes"], gc["stored_bytes"]);
}

TEST_F(KilnCacheCli, AMissingDatabaseIsAClearErrorAndIsNotCreated) {
  test::ProcessResult r = kiln({"cache", "stats", "--db", db_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot open cache database " + db_), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(db_));
  json j = kilnJson({"cache", "verify", "--db", db_}, 1);
  EXPECT_TRUE(j.contains("error"));
}

TEST_F(KilnCacheCli, BadArgumentsAreUsageErrors) {
  createFresh();
  EXPECT_EQ(kiln({"cache", "gc", "--db", db_, "--max-size", "lots"}).exit_code, 2);
  EXPECT_EQ(kiln({"cache", "gc", "--db", db_, "--max-age", "5 weeks"}).exit_code, 2);
  EXPECT_EQ(kiln({"cache", "stats"}).exit_code, 2) << "--db is required";
  EXPECT_EQ(kiln({"cache"}).exit_code, 2);
  EXPECT_EQ(kiln({"cache", "stats", "--help"}).exit_code, 0);
}

TEST_F(KilnCacheCli, CompileWithCacheMissesThenHitsAndWritesTheSameArtifacts) {
  std::string source = test::sharedExamples().front().string();
  std::vector<std::string> args = {"compile", source, "--local", "--cache", db_, "--emit", "ptx,cuda"};
  auto run = [&](const std::string &out_dir) {
    std::vector<std::string> a = args;
    a.insert(a.end(), {"-o", dir_.file(out_dir)});
    return kilnJson(a);
  };
  json first = run("first");
  EXPECT_EQ(first["ok"], true);
  EXPECT_EQ(first["cache"]["hit"], false);
  EXPECT_TRUE(first["cache"]["problem"].is_null()) << first["cache"]["problem"];
  json second = run("second");
  EXPECT_EQ(second["cache"]["hit"], true);
  EXPECT_EQ(second["cache"]["key"], first["cache"]["key"]);
  ASSERT_EQ(second["artifacts"].size(), first["artifacts"].size());
  for (std::size_t i = 0; i < first["artifacts"].size(); ++i)
    EXPECT_EQ(test::readFile(second["artifacts"][i]["path"].get<std::string>()),
              test::readFile(first["artifacts"][i]["path"].get<std::string>()));
  json s = kilnJson({"cache", "stats", "--db", db_});
  EXPECT_EQ(s["hits"], 1);
  EXPECT_EQ(s["misses"], 1);
}

TEST_F(KilnCacheCli, CompileWithAnUnusableCacheStillCompilesAndWarns) {
  std::string source = test::sharedExamples().front().string();
  test::ProcessResult r = kiln({"compile", source, "--local", "--cache", dir_.file("no/dir/c.db"),
                                "--emit", "cuda", "-o", dir_.file("out")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: cache not used: cache database " + dir_.file("no/dir/c.db")), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("check that its directory exists"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kiln::cache
