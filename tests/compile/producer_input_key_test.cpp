// Keys of sources other producers wrote (worker/backends/source_digest.h,
// worker/pipeline/compile_key.h): the bytes' digest (PTX's normal form), the
// kind, the ptxas options and the version of that kind's checks; and a PTX
// compile through the cache that misses once, then hits.
#include <gtest/gtest.h>

#include "tests/cache/cache_test_support.h"
#include "tests/support/test_files.h"
#include "worker/backends/registry.h"
#include "worker/backends/source_digest.h"
#include "worker/oracle/ptx/ptx_normal_form.h"
#include "worker/pipeline/compile_key.h"
#include "worker/pipeline/compile_with_cache.h"
#include "worker/pipeline/input_digest.h"

namespace kiln {
namespace {

const WorkerBackends &backends() {
  static const WorkerBackends all = WorkerBackends::discover({});
  return all;
}

CompileRequest ptx(std::string text) {
  CompileRequest r;
  r.input = InputKind::kPtx;
  r.source = {"k.ptx", std::move(text)};
  r.emit = {Emit::kCubin};
  return r;
}

std::optional<CompileKey> keyOf(const CompileRequest &request, ToolchainProfile profile = backends().profile()) {
  DigestResult digest = digestInput(request);
  if (!digest.ok()) return std::nullopt;
  profile.tools.try_emplace("ptxas", "ptxas (absent here) for the key");
  return compileKeyFor(request, digest.digest, profile, toolsFor(backends().routes(), request).tools);
}

TEST(PtxNormalForm, DropsCommentsAndTrailingBlanksAndKeepsEveryPosition) {
  EXPECT_EQ(oracle::ptxNormalForm("add.s32 %r1, %r2, %r3; // sum  \r\n  /* x */ ret;\t\n"),
            "add.s32 %r1, %r2, %r3;\n          ret;\n");
  // A block comment across lines keeps the lines.
  EXPECT_EQ(oracle::ptxNormalForm("a /* 1\n2 */ b\n"), "a\n     b\n");
  // Inside a string, // and /* are text.
  EXPECT_EQ(oracle::ptxNormalForm(".file 1 \"a//b/*c.cu\" // x\n"), ".file 1 \"a//b/*c.cu\"\n");
  // What moves a token is kept: indentation, a tab for a space, blank lines.
  EXPECT_NE(oracle::ptxNormalForm("\tret;\n"), oracle::ptxNormalForm("ret;\n"));
  EXPECT_NE(oracle::ptxNormalForm("a\tb\n"), oracle::ptxNormalForm("a b\n"));
  EXPECT_NE(oracle::ptxNormalForm("\nret;\n"), oracle::ptxNormalForm("ret;\n"));
}

TEST(ProducerInputKey, CommentsDoNotChangeAPtxKeyAndCodeDoes) {
  auto base = keyOf(ptx(".version 8.0\nret;\n"));
  auto commented = keyOf(ptx(".version 8.0 // from triton\nret;  \n"));
  auto changed = keyOf(ptx(".version 8.1\nret;\n"));
  ASSERT_TRUE(base && commented && changed);
  EXPECT_EQ(base->digest, commented->digest);
  EXPECT_NE(base->digest, changed->digest);
}

TEST(ProducerInputKey, TheKindTheOptionsAndTheChecksVersionEnterTheKey) {
  CompileRequest base = ptx(".version 8.0\nret;\n");
  auto key = keyOf(base);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->input.options.at("input"), "ptx");
  EXPECT_FALSE(key->input.options.at("validation").empty());
  EXPECT_EQ(key->input.ir_digest.rfind("ptx:", 0), 0u);

  CompileRequest as_ascendc = base;
  as_ascendc.input = InputKind::kAscendC;
  EXPECT_NE(backends::producerSourceDigest(InputKind::kAscendC, base.source.text),
            backends::producerSourceDigest(InputKind::kPtx, base.source.text));
  for (auto set : {+[](PtxasOptions &o) { o.opt_level = 1; }, +[](PtxasOptions &o) { o.line_info = true; },
                   +[](PtxasOptions &o) { o.debug = true; }, +[](PtxasOptions &o) { o.fmad = false; },
                   +[](PtxasOptions &o) { o.reg_alloc_opt_level = 2; }, +[](PtxasOptions &o) { o.verbose = false; }}) {
    CompileRequest changed = base;
    set(changed.ptxas);
    auto k = keyOf(changed);
    ASSERT_TRUE(k);
    EXPECT_NE(k->digest, key->digest);
  }
  // A new version of the PTX checks makes new PTX keys ...
  ToolchainProfile bumped = backends().profile();
  bumped.settings[validateSetting(InputKind::kPtx)] += "-next";
  EXPECT_NE(keyOf(base, bumped)->digest, key->digest);
  // ... and leaves Tile IR keys alone.
  CompileRequest tile;
  tile.source = {"vec_add.mlir", test::readFile(test::sharedExamples().front())};
  tile.emit = {Emit::kPtx};
  EXPECT_EQ(keyOf(tile, bumped)->digest, keyOf(tile)->digest);
  EXPECT_FALSE(keyOf(tile)->input.options.count("input"));
}

TEST(ProducerInputKey, BinaryJunkHasNoDigest) {
  std::string junk = "\x7f" "ELF";
  junk += '\0';
  DigestResult digest = digestInput(ptx(junk));
  EXPECT_FALSE(digest.ok());
  ASSERT_EQ(digest.diagnostics.size(), 1u);
  EXPECT_NE(digest.diagnostics[0].message.find("[input.binary]"), std::string::npos);
}

TEST(ProducerInputCache, APtxCompileMissesOnceThenHitsWithTheSameCubinAndToolLog) {
  if (!backends().profile().tools.count("ptxas"))
    GTEST_SKIP() << "needs ptxas; discovery found none (searched CUDA_HOME, PATH, /usr/local/cuda)";
  CompileRequest tile;
  tile.source = {"gemm.mlir", test::readFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "gemm.mlir")};
  tile.emit = {Emit::kPtx};
  CompileResult made = backends().compile(tile);
  ASSERT_TRUE(made.ok());
  CompileRequest request = ptx(made.artifacts[0].bytes);
  request.source.name = "gemm.ptx";

  test::TempDir dir;
  auto cache = cache::ArtifactCache::open(test::testConfig(dir.file("c.db")));
  ASSERT_TRUE(cache);
  CachedCompile first = compileWithCache(request, backends(), **cache, "test");
  ASSERT_TRUE(first.result.ok());
  EXPECT_FALSE(first.cache_hit);
  EXPECT_NE(first.result.tool_log.find("ptxas info"), std::string::npos);
  // The same PTX with its comments reworded (every token where it was): a
  // hit on the canonical key, by the normal form.
  CompileRequest recommented = request;
  size_t comment = recommented.source.text.find("//");
  ASSERT_NE(comment, std::string::npos);
  recommented.source.text.insert(comment + 2, " reworded by another producer:");
  CachedCompile second = compileWithCache(recommented, backends(), **cache, "test");
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.key, first.key);
  EXPECT_EQ(second.result.artifacts[0].bytes, first.result.artifacts[0].bytes);
  EXPECT_EQ(second.result.tool_log, first.result.tool_log);
}

}  // namespace
}  // namespace kiln
