// The safety oracle as a stage of the NVIDIA compile: the request's mode
// decides whether a finding fails the compile, rides along as a warning, or
// is not looked for; the verdict travels with the result and its cache entry.
#include <gtest/gtest.h>

#include "tests/cache/cache_test_support.h"
#include "tests/support/test_files.h"
#include "worker/backends/nvidia/nvidia_backend.h"
#include "worker/backends/nvidia/nvidia_compile.h"
#include "worker/backends/nvidia/nvidia_profile.h"
#include "worker/pipeline/compile_key.h"
#include "worker/backends/registry.h"
#include "worker/pipeline/compile_with_cache.h"

namespace kiln {
namespace {

const nvidia::Toolchains &environment(bool faulty = false) {
  static const nvidia::Toolchains good = nvidia::Toolchains::discover(nvidia::Config{});
  static const nvidia::Toolchains broken = [] {
    nvidia::Config config;
    config.faulty_planner = true;
    return nvidia::Toolchains::discover(config);
  }();
  return faulty ? broken : good;
}

CompileRequest request(const std::filesystem::path &file, OracleMode mode) {
  CompileRequest r;
  r.source = {file.filename().string(), test::readFile(file)};
  r.target = "sm_90";
  r.emit = {Emit::kCuda};  // kiln's own lowering only: no toolchain needed
  r.oracle = mode;
  return r;
}

std::filesystem::path gemm() { return std::filesystem::path(KILN_SHARED_DIR_HINT) / "gemm.mlir"; }
std::filesystem::path deadLoad() { return test::sourceDir() / "tests/oracle/tile_ir/dead_load.mlir"; }

bool hasCode(const std::vector<Diagnostic> &diagnostics, const std::string &code, Severity severity) {
  for (const Diagnostic &d : diagnostics)
    if (d.severity == severity && d.message.rfind("[" + code + "]", 0) == 0) return true;
  return false;
}

TEST(CompileOracle, EveryExampleIsCleanOnHopper) {
  for (const auto &file : test::allExamples()) {
    CompileResult result = nvidia::compile(request(file, OracleMode::kError), environment());
    EXPECT_TRUE(result.ok()) << file;
    EXPECT_EQ(result.oracle_verdict, OracleVerdict::kClean) << file;
  }
}

TEST(CompileOracle, AFaultyPlanFailsTheCompileBeforeAnyToolchainRuns) {
  CompileResult result = nvidia::compile(request(gemm(), OracleMode::kError), environment(true));
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.artifacts.empty());
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kErrors);
  EXPECT_TRUE(hasCode(result.diagnostics, "oracle.aliasing", Severity::kError) ||
              hasCode(result.diagnostics, "oracle.linear-use", Severity::kError));
  for (const Diagnostic &d : result.diagnostics) {
    if (d.tool == "kiln-oracle") {
      EXPECT_EQ(d.file, "gemm.mlir");
    }
  }
}

TEST(CompileOracle, WarnModeReportsAndStillProduces) {
  CompileResult result = nvidia::compile(request(gemm(), OracleMode::kWarn), environment(true));
  EXPECT_TRUE(result.ok());
  EXPECT_FALSE(result.artifacts.empty());
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kWarnings);
  EXPECT_TRUE(hasCode(result.diagnostics, "oracle.aliasing", Severity::kWarning) ||
              hasCode(result.diagnostics, "oracle.linear-use", Severity::kWarning));
}

TEST(CompileOracle, OffModeDoesNotLook) {
  CompileResult result = nvidia::compile(request(gemm(), OracleMode::kOff), environment(true));
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kOff);
  for (const Diagnostic &d : result.diagnostics) EXPECT_NE(d.tool, "kiln-oracle");
}

TEST(CompileOracle, ADeadTileIsAWarningInErrorMode) {
  CompileResult result = nvidia::compile(request(deadLoad(), OracleMode::kError), environment());
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kWarnings);
  EXPECT_TRUE(hasCode(result.diagnostics, "oracle.dead-tile", Severity::kWarning));
}

// The backends of a worker that has only these toolchains.
const WorkerBackends &backends() {
  static const WorkerBackends all = [] {
    std::vector<std::unique_ptr<Backend>> list;
    list.push_back(std::make_unique<nvidia::NvidiaBackend>(environment()));
    return WorkerBackends(std::move(list));
  }();
  return all;
}

TEST(CompileOracle, TheModeIsPartOfTheKey) {
  auto keyOf = [](OracleMode mode) {
    CompileRequest r = request(gemm(), mode);
    std::optional<CompileKey> key = compileKeyFor(r, "canonical", nvidia::toolchainProfile(environment()),
                                                  toolsFor(nvidia::routes(), r).tools);
    EXPECT_TRUE(key);
    return key ? key->digest.hex() : "";
  };
  EXPECT_NE(keyOf(OracleMode::kError), keyOf(OracleMode::kWarn));
  EXPECT_NE(keyOf(OracleMode::kWarn), keyOf(OracleMode::kOff));
}

TEST(CompileOracle, ACachedArtifactCarriesItsVerdictAndLocatedWarnings) {
  test::TempDir dir;
  auto opened = cache::ArtifactCache::open(test::testConfig(dir.file("c.db")));
  ASSERT_TRUE(opened) << opened.error().message;
  cache::ArtifactCache &cache = **opened;
  CompileRequest r = request(deadLoad(), OracleMode::kError);
  CachedCompile first = compileWithCache(r, backends(), cache, "test");
  ASSERT_TRUE(first.result.ok());
  EXPECT_FALSE(first.cache_hit);
  CachedCompile second = compileWithCache(r, backends(), cache, "test");
  EXPECT_TRUE(second.cache_hit);
  EXPECT_EQ(second.result.oracle_verdict, OracleVerdict::kWarnings);
  ASSERT_TRUE(hasCode(second.result.diagnostics, "oracle.dead-tile", Severity::kWarning));
  // The same kernel moved down two lines has the same key, but the cached
  // warning points at the old line: it is compiled again, not served.
  CompileRequest moved = r;
  moved.source.text = "// moved\n// down\n" + r.source.text;
  CachedCompile third = compileWithCache(moved, backends(), cache, "test");
  EXPECT_EQ(third.key, first.key);
  EXPECT_FALSE(third.cache_hit);
  int deadTiles = 0;
  for (const Diagnostic &d : third.result.diagnostics) {
    if (d.message.rfind("[oracle.dead-tile]", 0) != 0) continue;
    EXPECT_EQ(d.line, 8u);
    ++deadTiles;
  }
  EXPECT_EQ(deadTiles, 1);
}

}  // namespace
}  // namespace kiln
