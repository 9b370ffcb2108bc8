// Compiling through the artifact cache: every example misses once, then
// hits with byte-identical artifacts; the key follows meaning, not text.
#include <gtest/gtest.h>

#include "tests/cache/cache_test_support.h"
#include "tests/support/test_files.h"
#include "worker/pipeline/compile_cache.h"

namespace kiln {
namespace {

const CompileEnvironment &environment() {
  static const CompileEnvironment env = CompileEnvironment::discover(CompileConfig{});
  return env;
}

CompileRequest requestFor(const std::filesystem::path &file, std::vector<Emit> emit) {
  CompileRequest request;
  request.source = {file.filename().string(), test::readFile(file)};
  request.target = "sm_90";
  request.emit = std::move(emit);
  return request;
}

std::unique_ptr<cache::ArtifactCache> openCache(const std::string &path) {
  auto opened = cache::ArtifactCache::open(test::testConfig(path));
  EXPECT_TRUE(opened) << opened.error().message;
  return opened ? std::move(opened).value() : nullptr;
}

class CompileCacheExamples : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(CompileCacheExamples, MissesOnceThenHitsWithIdenticalArtifacts) {
  if (!environment().ptxas()) GTEST_SKIP() << "ptxas is not installed under /usr/local/cuda";
  test::TempDir dir;
  auto cache = openCache(dir.file("c.db"));
  CompileRequest request = requestFor(GetParam(), {Emit::kPtx, Emit::kCubin, Emit::kCuda});
  CompileResult direct = compile(request, environment());
  ASSERT_TRUE(direct.ok());

  CachedCompile first = compileWithCache(request, environment(), *cache, "test");
  EXPECT_FALSE(first.cache_hit);
  EXPECT_FALSE(first.cache_problem) << *first.cache_problem;
  ASSERT_TRUE(first.result.ok());
  CachedCompile second = compileWithCache(request, environment(), *cache, "test");
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.key, first.key);

  ASSERT_EQ(second.result.artifacts.size(), direct.artifacts.size());
  for (std::size_t i = 0; i < direct.artifacts.size(); ++i) {
    EXPECT_EQ(second.result.artifacts[i].name, direct.artifacts[i].name);
    EXPECT_EQ(second.result.artifacts[i].kind, direct.artifacts[i].kind);
    // The cubin is what a compile is for; PTX, CUDA C and launch.json are
    // deterministic too, so all must match a fresh compile byte for byte.
    EXPECT_EQ(second.result.artifacts[i].bytes, direct.artifacts[i].bytes)
        << direct.artifacts[i].name;
  }
  EXPECT_EQ(second.result.tools, first.result.tools);
}

INSTANTIATE_TEST_SUITE_P(Shared, CompileCacheExamples, ::testing::ValuesIn(test::sharedExamples()),
                         [](const auto &info) { return test::testName(info.param.stem().string()); });

TEST(CompileKey, IgnoresCommentsAndWhitespaceAndFollowsEveryInput) {
  std::filesystem::path file = test::sharedExamples().front();
  CompileRequest base = requestFor(file, {Emit::kPtx});
  CompileKeyResult key = compileKey(base, environment());
  ASSERT_TRUE(key.key);
  EXPECT_EQ(key.key->input.lowering_version, kNvidiaLoweringVersion);
  EXPECT_TRUE(key.key->input.tools.count("libdevice"));

  CompileRequest reformatted = base;
  reformatted.source.text = "// a comment the digest ignores\n\n" + base.source.text + "\n\n";
  EXPECT_EQ(compileKey(reformatted, environment()).key->digest, key.key->digest);

  CompileRequest other_target = base;
  other_target.target = "sm_80";
  CompileRequest other_emit = base;
  other_emit.emit = {Emit::kCuda};
  CompileRequest other_path = base;
  other_path.via = CompilePath::kNvcc;
  other_path.emit = {Emit::kCuda};  // needs no tool, so a key exists without nvcc
  CompileRequest other_name = base;
  other_name.source.name = "renamed.mlir";
  for (const CompileRequest *changed : {&other_target, &other_emit, &other_path, &other_name}) {
    CompileKeyResult k = compileKey(*changed, environment());
    ASSERT_TRUE(k.key);
    EXPECT_NE(k.key->digest, key.key->digest);
  }
}

TEST(CompileKey, InvalidIrHasNoKeyAndIsNeverCached) {
  test::TempDir dir;
  auto cache = openCache(dir.file("c.db"));
  CompileRequest request = requestFor(test::sharedExamples().front(), {Emit::kPtx});
  request.source.text = "func.func @broken( {";
  CompileKeyResult key = compileKey(request, environment());
  EXPECT_FALSE(key.key);
  ASSERT_FALSE(key.diagnostics.empty());
  EXPECT_EQ(key.diagnostics[0].line, 1u);
  CachedCompile out = compileWithCache(request, environment(), *cache, "test");
  EXPECT_FALSE(out.result.ok());
  EXPECT_TRUE(out.key.empty());
  EXPECT_EQ(cache->stats()->actions, 0);
}

TEST(CompileKey, LocatedResultsAreServedOnlyToTheSameSourceBytes) {
  CompileResult result;
  result.artifacts.push_back({"k.ptx", "ptx", "ptx text"});
  EXPECT_TRUE(isCacheable(result));
  Diagnostic located;
  located.severity = Severity::kWarning;
  located.file = "k.mlir";
  located.line = 4;
  located.message = "[oracle.dead-tile] ...";
  Diagnostic note = located;
  note.severity = Severity::kNote;
  located.notes.push_back(note);
  result.diagnostics.push_back(located);
  result.oracle_verdict = OracleVerdict::kWarnings;
  EXPECT_TRUE(isCacheable(result));
  cache::Manifest manifest = toManifest(result, "w", "kernel text");
  EXPECT_EQ(manifest.oracle_verdict, "warnings");
  EXPECT_TRUE(hitServes(manifest, "kernel text"));
  EXPECT_FALSE(hitServes(manifest, "// moved\nkernel text")) << "line 4 would point at the wrong line";
  CompileResult back = fromCacheHit({manifest, {"ptx text"}});
  ASSERT_EQ(back.diagnostics.size(), 1u);
  EXPECT_EQ(back.diagnostics[0].notes.size(), 1u);
  EXPECT_EQ(back.oracle_verdict, OracleVerdict::kWarnings);
  // Without positions any source with the key may have it.
  result.diagnostics.clear();
  EXPECT_TRUE(hitServes(toManifest(result, "w", "kernel text"), "other text"));
  result.artifacts.clear();
  EXPECT_FALSE(isCacheable(result)) << "a failed compile is never cached";
}

TEST(CompileCache, ManifestRoundTripKeepsDiagnosticsToolsAndLaunchMetadata) {
  CompileResult result;
  result.artifacts = {{"k.ptx", "ptx", "ptx text"}, {"launch.json", "launch", "{\"grid\":1}\n"}};
  Diagnostic remark;
  remark.severity = Severity::kRemark;
  remark.message = "Used 32 registers";
  remark.tool = "ptxas";
  result.diagnostics.push_back(remark);
  result.tools = {"ptxas 13.0 sha256:ab"};
  result.timings = {{"lower", 2.5}};
  cache::Manifest manifest = toManifest(result, "worker-1", "source");
  EXPECT_EQ(manifest.launch_metadata, "{\"grid\":1}\n");
  ASSERT_EQ(manifest.artifacts.size(), 1u);
  cache::ActionHit hit{manifest, {"ptx text"}};
  CompileResult back = fromCacheHit(hit);
  ASSERT_EQ(back.artifacts.size(), 2u);
  EXPECT_EQ(back.artifacts[1].name, "launch.json");
  EXPECT_EQ(back.artifacts[1].bytes, "{\"grid\":1}\n");
  ASSERT_EQ(back.diagnostics.size(), 1u);
  EXPECT_EQ(back.diagnostics[0].severity, Severity::kRemark);
  EXPECT_EQ(back.diagnostics[0].tool, "ptxas");
  EXPECT_EQ(back.tools, result.tools);
}

TEST(CompileCache, AReadOnlyCacheNeverFailsTheCompile) {
  test::TempDir dir;
  { openCache(dir.file("c.db")); }
  cache::CacheConfig config = test::testConfig(dir.file("c.db"));
  config.read_only = true;
  auto cache = cache::ArtifactCache::open(config);
  ASSERT_TRUE(cache);
  CompileRequest request = requestFor(test::sharedExamples().front(), {Emit::kCuda});
  CachedCompile out = compileWithCache(request, environment(), **cache, "test");
  EXPECT_TRUE(out.result.ok());
  ASSERT_TRUE(out.cache_problem);
  EXPECT_NE(out.cache_problem->find("read-only"), std::string::npos);
}

}  // namespace
}  // namespace kiln
