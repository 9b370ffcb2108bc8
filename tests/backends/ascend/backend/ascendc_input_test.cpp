// An AscendC C++ input through the Ascend Backend: kiln's validations
// first, then bisheng, here kiln's test STAND-IN (nothing is compiled; what
// this shows is what reaches bisheng, with which name, and what never does).
#include <gtest/gtest.h>

#include "tests/backends/ascend/backend/standin_backend.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

// kiln's own AscendC for a shared example: what a producer could send.
std::string kilnAscendC(const ascend::AscendBackend &backend, const std::string &example) {
  CompileRequest tile;
  tile.source = {example + ".mlir", test::readFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / (example + ".mlir"))};
  tile.target = "ascend910b2";
  tile.emit = {Emit::kAscendC};
  CompileResult made = backend.compile(tile);
  EXPECT_TRUE(made.ok());
  return made.ok() ? made.artifacts[0].bytes : "";
}

CompileRequest ascendcInput(std::string name, std::string text, std::string target = "ascend910b2") {
  CompileRequest r;
  r.input = InputKind::kAscendC;
  r.source = {std::move(name), std::move(text)};
  r.target = std::move(target);
  r.emit = {Emit::kObject};
  return r;
}

std::string said(const CompileResult &result) {
  std::string out;
  for (const Diagnostic &d : result.diagnostics) out += formatHeadline(d) + "\n";
  return out;
}

TEST(AscendCInput, ReachesBishengAfterTheValidationsUnderTheClientsName) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  ASSERT_TRUE(backend.toolchains().bisheng());
  CompileResult result = backend.compile(ascendcInput("softmax.cpp", kilnAscendC(backend, "softmax_rows")));
  ASSERT_TRUE(result.ok()) << said(result);
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kClean);
  ASSERT_EQ(result.artifacts.size(), 2u);
  EXPECT_EQ(result.artifacts[0].name, "softmax.o");
  EXPECT_EQ(result.artifacts[0].kind, "obj");
  EXPECT_NE(result.artifacts[0].bytes.find("STAND-IN"), std::string::npos);
  EXPECT_NE(result.artifacts[1].bytes.find("\"input\": \"ascendc\""), std::string::npos) << result.artifacts[1].bytes;
  ASSERT_EQ(result.tools.size(), 1u);
  EXPECT_EQ(result.tools[0], backend.toolchains().bisheng()->identity().key());
}

TEST(AscendCInput, AHostileIncludeNeverReachesBishengWhateverTheOracleMode) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  std::string text = kilnAscendC(backend, "vec_add");
  text = "#include \"/etc/passwd\"\n" + text;
  CompileRequest request = ascendcInput("vec_add.cpp", text);
  request.oracle = OracleMode::kOff;
  CompileResult result = backend.compile(request);
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.tools.empty());
  EXPECT_NE(said(result).find("vec_add.cpp:1:"), std::string::npos) << said(result);
  EXPECT_NE(said(result).find("[ascendc.include]"), std::string::npos) << said(result);
}

TEST(AscendCInput, AFindingStopsItOn310PAndIsAWarningOn910B) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  // The case file's first chunk that expects an [ascendc.sync] error.
  std::string all = test::readFile(test::sourceDir() / "tests/backends/ascend/validate/cases/sync.cpp");
  std::string text;
  for (size_t start = 0; start < all.size();) {
    size_t end = all.find("// -----", start);
    std::string chunk = all.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (chunk.find("expected-error") != std::string::npos && chunk.find("ascendc.sync") != std::string::npos) {
      text = chunk;
      break;
    }
    start = end == std::string::npos ? all.size() : end + 8;
  }
  ASSERT_FALSE(text.empty()) << "cases/sync.cpp has no chunk with an [ascendc.sync] error";
  CompileResult p310 = backend.compile(ascendcInput("sync.cpp", text, "ascend310p3"));
  CompileResult p910 = backend.compile(ascendcInput("sync.cpp", text, "ascend910b2"));
  EXPECT_FALSE(p310.ok());
  EXPECT_TRUE(p310.tools.empty());
  EXPECT_EQ(p310.oracle_verdict, OracleVerdict::kErrors);
  EXPECT_NE(said(p910).find("warning: [ascendc.sync]"), std::string::npos) << said(p910);
}

TEST(AscendCInput, WithoutBishengEveryCheckStillRunsThenTheRefusalSaysWhereItLooked) {
  ascend::Config config;
  config.bisheng.path_override = "/nonexistent/cann";
  ascend::AscendBackend backend(ascend::Toolchains::discover(config));
  CompileResult result = backend.compile(ascendcInput("vec_add.cpp", kilnAscendC(backend, "vec_add")));
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kClean);
  EXPECT_NE(said(result).find("bisheng not found (searched: /nonexistent/cann)"), std::string::npos) << said(result);
}

TEST(AscendCInput, TileLangsGeneratedSourcesAreValidatedWithoutAFalseError) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  for (const char *name : {"vector_add.asc.cpp", "row_max.asc.cpp"}) {
    std::string text = test::readFile(test::sourceDir() / "tests/backends/ascend/validate/producers" / name);
    CompileResult result = backend.compile(ascendcInput(name, text, "ascend950"));
    for (const Diagnostic &d : result.diagnostics)
      EXPECT_NE(d.severity, Severity::kError) << name << ": " << formatHeadline(d);
  }
}

}  // namespace
}  // namespace kiln
