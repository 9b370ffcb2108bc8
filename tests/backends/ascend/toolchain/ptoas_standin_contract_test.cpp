// PtoasDriver: discovery over fake trees and its command-line contract,
// checked with kiln's ptoas STAND-IN (standin/ptoas-standin.sh). The
// stand-in translates nothing: it checks the argv it is given and writes a
// kernel.cpp that says "STAND-IN OUTPUT", or prints MLIR-style errors its
// input asks for. No test here is evidence that any PTO translates.
#include <gtest/gtest.h>

#include "tests/backends/ascend/toolchain/fake_cann.h"
#include "worker/backends/ascend/toolchain/cann_layout.h"
#include "worker/backends/ascend/toolchain/ptoas_driver.h"

namespace kiln::ascend {
namespace {

using toolchain::ToolRun;
using toolchain::WorkDir;

std::string allText(const std::vector<Diagnostic> &diagnostics) {
  std::string text;
  for (const Diagnostic &d : diagnostics) text += formatDiagnostic(d);
  return text;
}

class PtoasStandIn : public ::testing::Test {
 protected:
  PtoasConfig config(const AscendEnvironment &env) {
    PtoasConfig c = defaultPtoasConfig();
    c.search = ptoasSearch(env);
    c.search->standard_dirs = {};
    c.sandbox.work_root = work_root_.path();
    return c;
  }
  PtoasDiscovery discover(const AscendEnvironment &env) { return PtoasDriver::discover(config(env)); }
  std::string installAt(const std::string &dir) {
    return test::installStandIn(tree_.file(dir), "ptoas", test::kPtoasStandIn);
  }

  WorkDir tree_ = toolchain::test::scratchDir();
  WorkDir work_root_ = toolchain::test::scratchDir();
  AscendTarget b2_ = test::target("ascend910b2");
};

TEST(PtoasArguments, AreBuiltFromTheTargetAndLevelOnly) {
  AscendTarget b2 = test::target("ascend910b2"), a5 = test::target("ascend950");
  EXPECT_EQ(PtoasDriver::arguments({"", &b2, 3}),
            (std::vector<std::string>{"kernel.pto", "-o", "kernel.cpp", "--pto-arch=a3", "--pto-level=level3",
                                      "--enable-insert-sync"}));
  EXPECT_EQ(PtoasDriver::arguments({"", &a5, 2}),
            (std::vector<std::string>{"kernel.pto", "-o", "kernel.cpp", "--pto-arch=a5", "--pto-level=level2",
                                      "--enable-insert-sync"}));
  AscendTarget p = test::target("ascend310p3");
  EXPECT_TRUE(PtoasDriver::arguments({"", &p, 3}).empty());
  EXPECT_TRUE(PtoasDriver::arguments({"", &b2, 1}).empty());
  EXPECT_TRUE(PtoasDriver::arguments({"", nullptr, 3}).empty());
}

TEST_F(PtoasStandIn, PtoasHomeComesFirstThenCannThenPath) {
  std::string from_home = installAt("ptoas-home/bin");
  std::string from_cann = installAt("cann/bin");
  std::string from_path = installAt("on-path");
  AscendEnvironment env{tree_.file("cann"), "", tree_.file("ptoas-home"), tree_.file("on-path")};
  PtoasDiscovery found = discover(env);
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, from_home);
  EXPECT_EQ(found.driver->identity().version, "0.26-standin");
  env.ptoas_home.clear();
  found = discover(env);
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, from_cann);
  env.ascend_home_path.clear();
  found = discover(env);
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, from_path);
}

TEST_F(PtoasStandIn, OverrideWins) {
  installAt("ptoas-home/bin");
  std::string pinned = installAt("pinned");
  PtoasConfig c = config({"", "", tree_.file("ptoas-home"), ""});
  c.path_override = tree_.file("pinned");
  PtoasDiscovery found = PtoasDriver::discover(c);
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, pinned);
}

TEST_F(PtoasStandIn, NotFoundNamesEveryPlaceSearched) {
  PtoasConfig c = config({"/nonexistent-kiln/cann", "", "/nonexistent-kiln/ptoas", "/nonexistent-kiln/bin"});
  PtoasDiscovery found = PtoasDriver::discover(c);
  EXPECT_FALSE(found.driver);
  ASSERT_EQ(found.diagnostics.size(), 1u);
  EXPECT_EQ(found.diagnostics[0].message, "ptoas not found (searched: /nonexistent-kiln/ptoas/bin, "
                                          "/nonexistent-kiln/cann/bin, /nonexistent-kiln/cann/" +
                                              std::string(hostCannArchDir()) + "/bin, /nonexistent-kiln/bin)");
}

TEST_F(PtoasStandIn, StandInSeesTheContractAndSaysItsOutputIsAStandIns) {
  installAt("ptoas-home/bin");
  PtoasDiscovery found = discover({"", "", tree_.file("ptoas-home"), ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  ToolRun r = found.driver->compile({"// any PTO: the stand-in reads only STANDIN- lines\n", &b2_, 3});
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics) << r.output;
  EXPECT_EQ(r.argv, (std::vector<std::string>{found.driver->identity().path, "kernel.pto", "-o", "kernel.cpp",
                                              "--pto-arch=a3", "--pto-level=level3", "--enable-insert-sync"}));
  EXPECT_EQ(r.artifact.rfind("// KILN TEST STAND-IN OUTPUT", 0), 0u) << r.artifact;
  EXPECT_EQ(r.sandboxed, toolchain::probeBwrap(found.driver->config().sandbox.bwrap_path).usable) << r.sandbox_note;
}

TEST_F(PtoasStandIn, ErrorsAreParsedAndMappedToTheMlir) {
  installAt("ptoas-home/bin");
  PtoasDiscovery found = discover({"", "", tree_.file("ptoas-home"), ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  std::string pto =
      "module {\n"
      "  // @kiln.loc softmax.mlir:12:7\n"
      "  pto.tadd ins(%a, %b) outs(%c) // STANDIN-ERROR: 'pto.tadd' op operand types differ\n"
      "}\n";
  ToolRun r = found.driver->compile({pto, &b2_, 2});
  EXPECT_FALSE(r.ok());
  ASSERT_EQ(r.diagnostics.size(), 1u) << allText(r.diagnostics);
  const Diagnostic &d = r.diagnostics[0];
  EXPECT_EQ(d.tool, "ptoas");
  EXPECT_EQ(d.file, "softmax.mlir");
  EXPECT_EQ(d.line, 12u);
  EXPECT_EQ(d.column, 7u);
  EXPECT_EQ(d.message, "'pto.tadd' op operand types differ");
  // The generated place first, then MLIR's own note, itself mapped.
  ASSERT_EQ(d.notes.size(), 2u) << allText(r.diagnostics);
  EXPECT_EQ(d.notes[0].message, kGeneratedPlaceNote);
  EXPECT_EQ(d.notes[0].file, "kernel.pto");
  EXPECT_EQ(d.notes[0].line, 3u);
  EXPECT_EQ(d.notes[1].message, "see current operation: (stand-in)");
  EXPECT_EQ(d.notes[1].file, "softmax.mlir");
}

TEST_F(PtoasStandIn, RefusedJobsRunNothing) {
  installAt("ptoas-home/bin");
  PtoasDiscovery found = discover({"", "", tree_.file("ptoas-home"), ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  AscendTarget p = test::target("ascend310p3");
  AscendTarget hostile = b2_;
  hostile.pto_arch = "a3 --pto-level=level1";
  AscendTarget spaced = b2_;
  spaced.name = "ascend910b2 x";
  struct Case {
    PtoasJob job;
    std::string message;
  } cases[] = {
      {{"", &p, 3}, "target ascend310p3 has no PTO arch: ptoas does not compile for it"},
      {{"", &b2_, 1}, "PTO level 1 is not one kiln emits (2 or 3)"},
      {{"", &b2_, 4}, "PTO level 4 is not one kiln emits (2 or 3)"},
      {{"", &hostile, 3}, "refusing target ascend910b2: its PTO arch 'a3 --pto-level=level1' is not letters, "
                          "digits, '_', '.' and '-'"},
      {{"", &spaced, 3}, "refusing target 'ascend910b2 x': a target name is letters, digits, '_', '.' and '-'"},
  };
  for (const Case &c : cases) {
    ToolRun r = found.driver->compile(c.job);
    ASSERT_EQ(r.diagnostics.size(), 1u) << c.message;
    EXPECT_EQ(r.diagnostics[0].message, c.message);
    EXPECT_TRUE(r.argv.empty()) << c.message;
    EXPECT_TRUE(r.launched_argv.empty()) << c.message;
    EXPECT_EQ(r.wall_ms, 0) << c.message;
  }
}

}  // namespace
}  // namespace kiln::ascend
