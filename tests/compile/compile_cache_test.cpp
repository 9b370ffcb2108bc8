// Compiling through the artifact cache by the one cache-through policy
// (worker/pipeline/cache_through.h): every example misses once, then hits
// with byte-identical artifacts; the key follows meaning, not text; the
// cache record is the wire's result schema.
#include <gtest/gtest.h>

#include "proto/convert/cached_result.h"
#include "tests/cache/cache_test_support.h"
#include "tests/support/test_files.h"
#include "worker/backends/nvidia/nvidia_profile.h"
#include "worker/backends/registry.h"
#include "worker/pipeline/cache_through.h"
#include "worker/pipeline/compile_with_cache.h"
#include "worker/pipeline/frontend.h"

namespace kiln {
namespace {

const WorkerBackends &backends() {
  static const WorkerBackends all = WorkerBackends::discover({});
  return all;
}

bool havePtxas() { return backends().profile().tools.count("ptxas") != 0; }

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

// The canonical key of `request` on this machine's backends.
std::optional<CompileKey> canonicalKey(const CompileRequest &request) {
  DigestResult digest = digestSource(request.source);
  if (!digest.ok()) return std::nullopt;
  return compileKeyFor(request, digest.digest, backends().profile(), toolsFor(backends().routes(), request).tools);
}

class CompileCacheExamples : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(CompileCacheExamples, MissesOnceThenHitsWithIdenticalArtifacts) {
  if (!havePtxas())
    GTEST_SKIP() << "needs ptxas for cubins; discovery found none (searched CUDA_HOME, PATH, /usr/local/cuda)";
  test::TempDir dir;
  auto cache = openCache(dir.file("c.db"));
  CompileRequest request = requestFor(GetParam(), {Emit::kPtx, Emit::kCubin, Emit::kCuda});
  CompileResult direct = backends().compile(request);
  ASSERT_TRUE(direct.ok());

  CachedCompile first = compileWithCache(request, backends(), *cache, "test");
  EXPECT_FALSE(first.cache_hit);
  EXPECT_FALSE(first.cache_problem) << *first.cache_problem;
  ASSERT_TRUE(first.result.ok());
  EXPECT_EQ(first.key, canonicalKey(request)->digest.hex());
  CachedCompile second = compileWithCache(request, backends(), *cache, "test");
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.key.empty(), false);

  ASSERT_EQ(second.result.artifacts.size(), direct.artifacts.size());
  for (std::size_t i = 0; i < direct.artifacts.size(); ++i) {
    EXPECT_EQ(second.result.artifacts[i].name, direct.artifacts[i].name);
    EXPECT_EQ(second.result.artifacts[i].kind, direct.artifacts[i].kind);
    // The cubin is what a compile is for; PTX, CUDA C and launch.json are
    // deterministic too, so all must match a fresh compile byte for byte.
    EXPECT_EQ(second.result.artifacts[i].bytes, direct.artifacts[i].bytes) << direct.artifacts[i].name;
  }
  EXPECT_EQ(second.result.tools, first.result.tools);
}

INSTANTIATE_TEST_SUITE_P(Shared, CompileCacheExamples, ::testing::ValuesIn(test::sharedExamples()),
                         [](const auto &info) { return test::testName(info.param.stem().string()); });

TEST(CacheThrough, TheSameKernelWrittenDifferentlyHitsCanonicallyOnceThenDirectly) {
  test::TempDir dir;
  auto cache = openCache(dir.file("c.db"));
  CompileRequest base = requestFor(test::sharedExamples().front(), {Emit::kCuda});
  CachedCompile first = compileWithCache(base, backends(), *cache, "test");
  ASSERT_TRUE(first.result.ok());
  ASSERT_FALSE(first.cache_hit);
  EXPECT_EQ(cache->stats()->actions, 2) << "stored under the canonical and the direct key";

  CompileRequest reformatted = base;
  reformatted.source.text = "// a comment the digest ignores\n\n" + base.source.text + "\n\n";
  CacheThrough through(*cache, [](const std::string &problem) { ADD_FAILURE() << problem; });
  std::vector<ToolchainProfile> profiles = {backends().profile()};
  std::vector<std::string> tools = toolsFor(backends().routes(), reformatted).tools;
  EXPECT_FALSE(through.findDirect(reformatted, profiles, tools)) << "other bytes: no direct hit";
  CachedCompile second = compileWithCache(reformatted, backends(), *cache, "test");
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.key, first.key);
  EXPECT_EQ(second.result.artifacts[0].bytes, first.result.artifacts[0].bytes);
  // The canonical hit was stored under the new text's direct key too.
  EXPECT_TRUE(through.findDirect(reformatted, profiles, tools));
}

TEST(CompileKey, FollowsEveryInputThatChangesTheOutput) {
  CompileRequest base = requestFor(test::sharedExamples().front(), {Emit::kPtx});
  std::optional<CompileKey> key = canonicalKey(base);
  ASSERT_TRUE(key);
  // The worker's backends' lowering versions together ("kiln-nvidia.2+kiln-ascend.1").
  EXPECT_NE(key->input.lowering_version.find(nvidia::kLoweringVersion), std::string::npos)
      << key->input.lowering_version;
  EXPECT_TRUE(key->input.tools.count("libdevice"));
  EXPECT_FALSE(key->input.tools.count("ptxas")) << "ptx needs no ptxas, so its identity is not in the key";

  CompileRequest other_target = base;
  other_target.target = "sm_80";
  CompileRequest other_emit = base;
  other_emit.emit = {Emit::kCuda};
  CompileRequest other_path = base;
  other_path.via = CompilePath::kNvcc;
  other_path.emit = {Emit::kCuda};  // needs no tool, so a key exists without nvcc
  // Artifacts and diagnostics carry the source's name, so it is part of the key.
  CompileRequest other_name = base;
  other_name.source.name = "renamed.mlir";
  CompileRequest other_oracle = base;
  other_oracle.oracle = OracleMode::kWarn;
  for (const CompileRequest *changed : {&other_target, &other_emit, &other_path, &other_name, &other_oracle}) {
    std::optional<CompileKey> k = canonicalKey(*changed);
    ASSERT_TRUE(k);
    EXPECT_NE(k->digest, key->digest);
  }
  EXPECT_NE(compileKeyFor(base, rawIrDigest(base.source.text), backends().profile(),
                          toolsFor(backends().routes(), base).tools)
                ->digest,
            key->digest)
      << "a direct key never aliases a canonical one";
}

TEST(CompileKey, InvalidIrIsNeverCached) {
  test::TempDir dir;
  auto cache = openCache(dir.file("c.db"));
  CompileRequest request = requestFor(test::sharedExamples().front(), {Emit::kPtx});
  request.source.text = "func.func @broken( {";
  CachedCompile out = compileWithCache(request, backends(), *cache, "test");
  EXPECT_FALSE(out.result.ok());
  ASSERT_FALSE(out.result.diagnostics.empty());
  EXPECT_EQ(out.result.diagnostics[0].line, 1u);
  EXPECT_TRUE(out.key.empty()) << "no key without a parse";
  EXPECT_EQ(cache->stats()->actions, 0);
}

TEST(CachedResult, LocatedResultsAreServedOnlyToTheSameSourceBytes) {
  CompileResult result;
  result.artifacts.push_back({"k.ptx", "ptx", "ptx text"});
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
  EXPECT_TRUE(CacheThrough::cacheable(result));
  cache::Manifest manifest = wire::toManifest(result, "w", "kernel text");
  std::optional<wire::CachedResult> back = wire::fromCacheHit({manifest, {"ptx text"}});
  ASSERT_TRUE(back);
  EXPECT_TRUE(back->serves("kernel text"));
  EXPECT_FALSE(back->serves("// moved\nkernel text")) << "line 4 would point at the wrong line";
  ASSERT_EQ(back->result.diagnostics.size(), 1u);
  EXPECT_EQ(back->result.diagnostics[0].notes.size(), 1u);
  EXPECT_EQ(back->result.oracle_verdict, OracleVerdict::kWarnings);
  EXPECT_EQ(back->worker, "w");
  // Without positions any source with the key may have it.
  result.diagnostics.clear();
  EXPECT_TRUE(wire::fromCacheHit({wire::toManifest(result, "w", "kernel text"), {"ptx text"}})->serves("other"));
  result.artifacts.clear();
  EXPECT_FALSE(CacheThrough::cacheable(result)) << "a failed compile is never cached";
}

TEST(CachedResult, TheRecordKeepsDiagnosticsToolsAndLaunchMetadataAsPlainBlobs) {
  CompileResult result;
  result.artifacts = {{"k.ptx", "ptx", "ptx text"}, {"launch.json", "launch", "{\"grid\":1}\n"}};
  Diagnostic remark;
  remark.severity = Severity::kRemark;
  remark.message = "Used 32 registers";
  remark.tool = "ptxas";
  result.diagnostics.push_back(remark);
  result.tools = {"ptxas 13.0 sha256:ab"};
  result.timings = {{"lower", 2.5}};
  cache::Manifest manifest = wire::toManifest(result, "worker-1", "source");
  ASSERT_EQ(manifest.blobs.size(), 2u) << "launch.json is a blob like any artifact";
  EXPECT_EQ(manifest.blobs[1].digest, cache::Digest::of("{\"grid\":1}\n"));
  std::optional<wire::CachedResult> back = wire::fromCacheHit({manifest, {"ptx text", "{\"grid\":1}\n"}});
  ASSERT_TRUE(back);
  ASSERT_EQ(back->result.artifacts.size(), 2u);
  EXPECT_EQ(back->result.artifacts[1].name, "launch.json");
  EXPECT_EQ(back->result.artifacts[1].bytes, "{\"grid\":1}\n");
  ASSERT_EQ(back->result.diagnostics.size(), 1u);
  EXPECT_EQ(back->result.diagnostics[0].severity, Severity::kRemark);
  EXPECT_EQ(back->result.diagnostics[0].tool, "ptxas");
  EXPECT_EQ(back->result.tools, result.tools);
  ASSERT_EQ(back->result.timings.size(), 1u);
  EXPECT_EQ(back->result.timings[0].stage, "cached lower");
  // A record that names other blobs than the manifest's is not served.
  cache::Manifest lying = manifest;
  lying.blobs[0].digest = cache::Digest::of("other");
  EXPECT_FALSE(wire::fromCacheHit({lying, {"other", "{\"grid\":1}\n"}}));
  lying.record = "not a record";
  EXPECT_FALSE(wire::fromCacheHit({lying, {"ptx text", "{\"grid\":1}\n"}}));
}

TEST(CompileCache, AReadOnlyCacheNeverFailsTheCompile) {
  test::TempDir dir;
  { openCache(dir.file("c.db")); }
  cache::CacheConfig config = test::testConfig(dir.file("c.db"));
  config.read_only = true;
  auto cache = cache::ArtifactCache::open(config);
  ASSERT_TRUE(cache);
  CompileRequest request = requestFor(test::sharedExamples().front(), {Emit::kCuda});
  CachedCompile out = compileWithCache(request, backends(), **cache, "test");
  EXPECT_TRUE(out.result.ok());
  ASSERT_TRUE(out.cache_problem);
  EXPECT_NE(out.cache_problem->find("read-only"), std::string::npos);
}

}  // namespace
}  // namespace kiln
