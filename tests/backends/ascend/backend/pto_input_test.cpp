// A PTO-MLIR input through the Ascend Backend: the PTO oracle first, then
// ptoas and bisheng, here kiln's test STAND-INS (nothing is compiled; what
// this shows is what reaches which tool, and what never does).
#include <gtest/gtest.h>

#include "tests/backends/ascend/backend/standin_backend.h"
#include "tests/support/test_files.h"
#include "worker/backends/registry.h"

namespace kiln {
namespace {

// kiln's own PTO for a shared example: what a PTO producer would send.
std::string kilnPto(const ascend::AscendBackend &backend, const std::string &example) {
  CompileRequest tile;
  tile.source = {example + ".mlir", test::readFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / (example + ".mlir"))};
  tile.target = "ascend910b2";
  tile.emit = {Emit::kPto};
  CompileResult made = backend.compile(tile);
  EXPECT_TRUE(made.ok());
  return made.ok() ? made.artifacts[0].bytes : "";
}

CompileRequest ptoInput(std::string name, std::string text) {
  CompileRequest r;
  r.input = InputKind::kPto;
  r.source = {std::move(name), std::move(text)};
  r.target = "ascend910b2";
  r.emit = {Emit::kPtoObject};
  return r;
}

std::string said(const CompileResult &result) {
  std::string out;
  for (const Diagnostic &d : result.diagnostics) out += formatHeadline(d) + "\n";
  return out;
}

TEST(PtoInput, ReachesPtoasThenBishengWithTheClientsNameOnTheArtifact) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  ASSERT_TRUE(backend.toolchains().bisheng() && backend.toolchains().ptoas());
  CompileResult result = backend.compile(ptoInput("softmax.pto", kilnPto(backend, "softmax_rows")));
  ASSERT_TRUE(result.ok()) << said(result);
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kClean);
  ASSERT_EQ(result.artifacts.size(), 2u);
  EXPECT_EQ(result.artifacts[0].name, "softmax.pto.o");
  EXPECT_NE(result.artifacts[0].bytes.find("STAND-IN"), std::string::npos);
  EXPECT_EQ(result.artifacts[1].name, "launch.json");
  EXPECT_NE(result.artifacts[1].bytes.find("\"input\": \"pto\""), std::string::npos) << result.artifacts[1].bytes;
  ASSERT_EQ(result.tools.size(), 2u);
  EXPECT_EQ(result.tools[0], backend.toolchains().ptoas()->identity().key());
  EXPECT_EQ(result.tools[1], backend.toolchains().bisheng()->identity().key());
}

TEST(PtoInput, AnOracleFindingStopsItBeforeAnyToolAndWarnLetsItThrough) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  std::string aliasing = test::readFile(test::sourceDir() / "tests/oracle/pto_checks/aliasing.pto");
  aliasing = aliasing.substr(0, aliasing.find("// -----"));
  CompileResult result = backend.compile(ptoInput("aliasing.pto", aliasing));
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.tools.empty()) << "no tool may see it";
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kErrors);
  bool located = false;
  for (const Diagnostic &d : result.diagnostics)
    located |= d.message.rfind("[oracle.aliasing]", 0) == 0 && d.file == "aliasing.pto" && d.line > 0;
  EXPECT_TRUE(located) << said(result);

  CompileRequest warn = ptoInput("aliasing.pto", aliasing);
  warn.oracle = OracleMode::kWarn;
  CompileResult warned = backend.compile(warn);
  EXPECT_TRUE(warned.ok()) << said(warned);
  EXPECT_EQ(warned.oracle_verdict, OracleVerdict::kWarnings);
}

TEST(PtoInput, WithoutTheToolsEveryCheckStillRunsAndTheRefusalSaysWhereItLooked) {
  ascend::Config config;
  config.bisheng.path_override = "/nonexistent/cann";
  config.ptoas.path_override = "/nonexistent/ptoas";
  ascend::AscendBackend backend(ascend::Toolchains::discover(config));
  std::string aliasing = test::readFile(test::sourceDir() / "tests/oracle/pto_checks/aliasing.pto");
  CompileResult result = backend.compile(ptoInput("aliasing.pto", aliasing.substr(0, aliasing.find("// -----"))));
  std::string text = said(result);
  EXPECT_NE(text.find("[oracle.aliasing]"), std::string::npos) << text;

  CompileResult clean = backend.compile(ptoInput("softmax.pto", kilnPto(backend, "softmax_rows")));
  EXPECT_FALSE(clean.ok());
  EXPECT_EQ(clean.oracle_verdict, OracleVerdict::kClean);
  EXPECT_NE(said(clean).find("ptoas not found (searched: /nonexistent/ptoas)"), std::string::npos) << said(clean);
  EXPECT_TRUE(clean.tools.empty());
}

TEST(PtoInput, RefusesWhatAPtoInputCannotBeAndJunk) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  CompileRequest obj = ptoInput("k.pto", "func.func @k() { return }\n");
  obj.emit = {Emit::kObject};
  EXPECT_NE(said(backend.compile(obj)).find("ask for --emit pto-obj, not obj"), std::string::npos);
  CompileRequest p310 = ptoInput("k.pto", "func.func @k() { return }\n");
  p310.target = "ascend310p3";
  EXPECT_NE(said(backend.compile(p310)).find("PTOAS has no arch for ascend310p3"), std::string::npos);
  std::string junk = "func.func";
  junk += '\0';
  CompileResult binary = backend.compile(ptoInput("k.pto", junk));
  EXPECT_NE(said(binary).find("k.pto:1:10: error: [input.binary] byte 0x00"), std::string::npos) << said(binary);
  EXPECT_TRUE(binary.tools.empty());
  // PTX for an Ascend target: the registry says what the target takes.
  CompileRequest ptx = ptoInput("k.ptx", ".version 8.0\n");
  ptx.input = InputKind::kPtx;
  ptx.emit = {Emit::kCubin};
  WorkerBackends backends = WorkerBackends::discover({});
  EXPECT_NE(said(backends.compile(ptx)).find("the source is PTX, which kiln does not compile for ascend target "
                                             "'ascend910b2'; it takes Tile IR, AscendC C++, PTO-MLIR"),
            std::string::npos)
      << said(backends.compile(ptx));
}

}  // namespace
}  // namespace kiln
