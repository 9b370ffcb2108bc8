// Finding bisheng: fake CANN trees (8.x, 8.5, 9.x layouts) in a scratch
// dir, with kiln's bisheng STAND-IN copied in as `bisheng`. The stand-in
// only answers --version and -print-targets here; no test in this file
// compiles anything.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "tests/backends/ascend/toolchain/fake_cann.h"
#include "worker/backends/ascend/toolchain/bisheng_driver.h"

namespace kiln::ascend {
namespace {

using toolchain::WorkDir;

std::string allText(const std::vector<Diagnostic> &diagnostics) {
  std::string text;
  for (const Diagnostic &d : diagnostics) text += formatDiagnostic(d);
  return text;
}

class BishengDiscoveryTest : public ::testing::Test {
 protected:
  std::string home(const std::string &name = "cann") { return test::makeDirs(tree_.file(name)); }
  std::string install(const std::string &home, const std::string &bin_dir) {
    return test::installStandIn(home + "/" + bin_dir, "bisheng", test::kBishengStandIn);
  }
  // The environment's search, with the standard dirs (where a host may
  // have a real CANN) left out.
  BishengConfig config(const AscendEnvironment &env) {
    BishengConfig c = defaultBishengConfig();
    c.search = bishengSearch(env);
    c.search->standard_dirs = {};
    c.sandbox.work_root = work_root_.path();
    return c;
  }
  BishengDiscovery discover(const AscendEnvironment &env) { return BishengDriver::discover(config(env)); }

  WorkDir tree_ = toolchain::test::scratchDir();
  WorkDir work_root_ = toolchain::test::scratchDir();
};

TEST_F(BishengDiscoveryTest, Cann8LayoutUnderAscendHomePath) {
  std::string cann = home();
  std::string path = install(cann, "compiler/ccec_compiler/bin");
  BishengDiscovery found = discover({cann, "", "", ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, path);
  EXPECT_EQ(found.driver->install().home, cann);
  EXPECT_EQ(found.driver->install().layout, CannLayout::kCann8);
  // The stand-in's version line, read leniently, and the stand-in's hash.
  EXPECT_EQ(found.driver->identity().version, "15.0.5-standin");
  EXPECT_EQ(found.driver->identity().sha256, toolchain::sha256File(path).hex);
  EXPECT_EQ(found.driver->identity().name, "bisheng");
}

TEST_F(BishengDiscoveryTest, Cann85LayoutUnderTheHostArchDir) {
  std::string cann = home();
  install(cann, std::string(hostCannArchDir()) + "/ccec_compiler/bin");
  BishengDiscovery found = discover({cann, "", "", ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->install().layout, CannLayout::kCann85);
  EXPECT_EQ(found.driver->install().home, cann);
}

TEST_F(BishengDiscoveryTest, Cann85LayoutUnderTheOtherArchDirIsSearchedAfterTheHostOne) {
  std::string cann = home();
  std::string other = hostCannArchDir() == "x86_64-linux" ? "aarch64-linux" : "x86_64-linux";
  std::string other_path = install(cann, other + "/ccec_compiler/bin");
  BishengDiscovery only_other = discover({cann, "", "", ""});
  ASSERT_TRUE(only_other.driver) << allText(only_other.diagnostics);
  EXPECT_EQ(only_other.driver->identity().path, other_path);
  std::string host_path = install(cann, std::string(hostCannArchDir()) + "/ccec_compiler/bin");
  BishengDiscovery both = discover({cann, "", "", ""});
  ASSERT_TRUE(both.driver) << allText(both.diagnostics);
  EXPECT_EQ(both.driver->identity().path, host_path);
}

TEST_F(BishengDiscoveryTest, Cann9LayoutIsRecognised) {
  std::string cann = home();
  install(cann, "tools/bisheng_compiler/bin");
  BishengDiscovery found = discover({cann, "", "", ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->install().layout, CannLayout::kCann9);
}

TEST_F(BishengDiscoveryTest, Cann8LayoutComesBeforeTheOthersInOneHome) {
  std::string cann = home();
  install(cann, "tools/bisheng_compiler/bin");
  std::string cann8 = install(cann, "compiler/ccec_compiler/bin");
  BishengDiscovery found = discover({cann, "", "", ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, cann8);
}

TEST_F(BishengDiscoveryTest, AscendToolkitHomeIsSearchedWhenHomePathIsUnset) {
  std::string cann = home();
  std::string path = install(cann, "compiler/ccec_compiler/bin");
  BishengDiscovery found = discover({"", cann, "", ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, path);
}

TEST_F(BishengDiscoveryTest, AscendHomePathComesBeforeToolkitHomeAndPath) {
  std::string first = home("first"), second = home("second");
  std::string path = install(first, "compiler/ccec_compiler/bin");
  install(second, "compiler/ccec_compiler/bin");
  std::string on_path = test::makeDirs(tree_.file("on-path"));
  test::installStandIn(on_path, "bisheng", test::kBishengStandIn);
  BishengDiscovery found = discover({first, second, "", on_path});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, path);
}

TEST_F(BishengDiscoveryTest, PathIsSearchedAfterTheHomes) {
  std::string empty_home = home("empty");
  std::string on_path = tree_.file("on-path");
  std::string path = test::installStandIn(on_path, "bisheng", test::kBishengStandIn);
  BishengDiscovery found = discover({empty_home, "", "", tree_.file("nothing-here") + ":" + on_path});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, path);
  // A bare bin dir names no CANN home: no include dirs to add, none bound.
  EXPECT_EQ(found.driver->install().layout, CannLayout::kUnknown);
  EXPECT_EQ(found.driver->install().home, "");
  EXPECT_TRUE(found.driver->includeDirs().empty());
}

TEST_F(BishengDiscoveryTest, PathEntryLinkingIntoCannFindsTheHome) {
  std::string cann = home();
  std::string real = install(cann, "compiler/ccec_compiler/bin");
  std::string on_path = test::makeDirs(tree_.file("on-path"));
  ASSERT_EQ(::symlink(real.c_str(), (on_path + "/bisheng").c_str()), 0);
  BishengDiscovery found = discover({"", "", "", on_path});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, on_path + "/bisheng");
  EXPECT_EQ(found.driver->install().layout, CannLayout::kCann8);
  EXPECT_EQ(found.driver->install().home, std::filesystem::canonical(cann).string());
}

TEST_F(BishengDiscoveryTest, OverrideFileWinsOverTheEnvironment) {
  std::string cann = home();
  install(cann, "compiler/ccec_compiler/bin");
  std::string pinned = test::installStandIn(tree_.file("pinned"), "my-bisheng", test::kBishengStandIn);
  BishengConfig c = config({cann, "", "", ""});
  c.path_override = pinned;
  BishengDiscovery found = BishengDriver::discover(c);
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, pinned);
}

TEST_F(BishengDiscoveryTest, OverrideDirectoryInsideACannTreeFindsItsHome) {
  std::string cann = home();
  std::string path = install(cann, "tools/bisheng_compiler/bin");
  BishengConfig c = config({"", "", "", ""});
  c.path_override = cann + "/tools/bisheng_compiler/bin";
  BishengDiscovery found = BishengDriver::discover(c);
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->identity().path, path);
  EXPECT_EQ(found.driver->install().layout, CannLayout::kCann9);
  EXPECT_EQ(found.driver->install().home, cann);
}

TEST_F(BishengDiscoveryTest, BrokenOverrideIsAnErrorNotAFallback) {
  std::string cann = home();
  install(cann, "compiler/ccec_compiler/bin");
  BishengConfig c = config({cann, "", "", ""});
  c.path_override = tree_.file("missing/bisheng");
  BishengDiscovery found = BishengDriver::discover(c);
  EXPECT_FALSE(found.driver);
  ASSERT_EQ(found.diagnostics.size(), 1u);
  EXPECT_EQ(found.diagnostics[0].message, "bisheng not found (searched: " + tree_.file("missing/bisheng") + ")");
}

TEST_F(BishengDiscoveryTest, NotFoundNamesEveryPlaceSearched) {
  std::string h = "/nonexistent-kiln/cann";
  BishengConfig c = config({h, "/nonexistent-kiln/toolkit", "", "/nonexistent-kiln/bin"});
  c.search->standard_dirs = {"/nonexistent-kiln/std/bin"};
  BishengDiscovery found = BishengDriver::discover(c);
  EXPECT_FALSE(found.driver);
  ASSERT_EQ(found.diagnostics.size(), 1u);
  std::string host(hostCannArchDir());
  std::string other = host == "x86_64-linux" ? "aarch64-linux" : "x86_64-linux";
  auto dirs = [&](const std::string &home) {
    return home + "/compiler/ccec_compiler/bin, " + home + "/" + host + "/ccec_compiler/bin, " + home + "/" + other +
           "/ccec_compiler/bin, " + home + "/tools/bisheng_compiler/bin, ";
  };
  EXPECT_EQ(found.diagnostics[0].message, "bisheng not found (searched: " + dirs(h) +
                                              dirs("/nonexistent-kiln/toolkit") +
                                              "/nonexistent-kiln/bin, /nonexistent-kiln/std/bin)");
  EXPECT_EQ(found.diagnostics[0].tool, "bisheng");
  EXPECT_EQ(found.diagnostics[0].severity, Severity::kError);
}

TEST(BishengSearch, StandardDirsAreTheStandardCannHomesLayouts) {
  toolchain::ToolSearch search = bishengSearch({});
  ASSERT_EQ(search.standard_dirs.size(), bishengBinDirs().size());
  EXPECT_EQ(search.standard_dirs.front(), "/usr/local/Ascend/ascend-toolkit/latest/compiler/ccec_compiler/bin");
  EXPECT_EQ(search.standard_dirs.back(), "/usr/local/Ascend/ascend-toolkit/latest/tools/bisheng_compiler/bin");
  EXPECT_EQ(search.cuda_home, "");
}

TEST(BishengSearch, EnvironmentHelperReadsTheAscendVariables) {
  ::setenv("ASCEND_HOME_PATH", "/opt/kiln-cann", 1);
  ::setenv("ASCEND_TOOLKIT_HOME", "/opt/kiln-toolkit", 1);
  ::setenv("PTOAS_HOME", "/opt/kiln-ptoas", 1);
  AscendEnvironment env = ascendEnvironmentFromProcess();
  EXPECT_EQ(env.ascend_home_path, "/opt/kiln-cann");
  EXPECT_EQ(env.ascend_toolkit_home, "/opt/kiln-toolkit");
  EXPECT_EQ(env.ptoas_home, "/opt/kiln-ptoas");
  ::unsetenv("ASCEND_HOME_PATH");
  ::unsetenv("ASCEND_TOOLKIT_HOME");
  ::unsetenv("PTOAS_HOME");
  EXPECT_EQ(ascendEnvironmentFromProcess().ascend_home_path, "");
}

TEST_F(BishengDiscoveryTest, KunpengBishengEnterpriseIsRefusedByItsVersionText) {
  std::string cann = home();
  std::string path = install(cann, "compiler/ccec_compiler/bin");
  toolchain::test::writeText(cann + "/compiler/ccec_compiler/bin/standin-version.txt",
                             "BiSheng Enterprise 4.1.0.B009 clang version 17.0.6 (stand-in text)\n");
  BishengDiscovery found = discover({cann, "", "", ""});
  EXPECT_FALSE(found.driver);
  ASSERT_EQ(found.diagnostics.size(), 1u) << allText(found.diagnostics);
  EXPECT_EQ(found.diagnostics[0].message.rfind("refusing " + path + ": its --version says 'BiSheng Enterprise", 0), 0u)
      << found.diagnostics[0].message;
  EXPECT_NE(found.diagnostics[0].message.find("not CANN's bisheng"), std::string::npos);
}

TEST_F(BishengDiscoveryTest, ABishengWithoutTheHiipu64TargetIsRefused) {
  std::string cann = home();
  std::string path = install(cann, "compiler/ccec_compiler/bin");
  toolchain::test::writeText(cann + "/compiler/ccec_compiler/bin/standin-no-hiipu64", "");
  BishengDiscovery found = discover({cann, "", "", ""});
  EXPECT_FALSE(found.driver);
  ASSERT_EQ(found.diagnostics.size(), 1u) << allText(found.diagnostics);
  EXPECT_EQ(found.diagnostics[0].message.rfind("refusing " + path + ": its -print-targets lists no hiipu64", 0), 0u)
      << found.diagnostics[0].message;
}

TEST_F(BishengDiscoveryTest, AVersionlessBishengIsADiagnostic) {
  std::string cann = home();
  install(cann, "compiler/ccec_compiler/bin");
  toolchain::test::writeText(cann + "/compiler/ccec_compiler/bin/standin-version.txt", "no numbers here\n");
  BishengDiscovery found = discover({cann, "", "", ""});
  EXPECT_FALSE(found.driver);
  ASSERT_EQ(found.diagnostics.size(), 1u);
  EXPECT_NE(found.diagnostics[0].message.find("cannot read the version"), std::string::npos);
  EXPECT_NE(found.diagnostics[0].message.find("no numbers here"), std::string::npos);
}

TEST_F(BishengDiscoveryTest, IncludeDirsAreThoseTheHomeHas) {
  std::string cann = home();
  install(cann, "compiler/ccec_compiler/bin");
  test::makeDirs(cann + "/compiler/tikcpp/tikcfw/interface");
  test::makeDirs(cann + "/include");
  BishengDiscovery found = discover({cann, "", "", ""});
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  EXPECT_EQ(found.driver->includeDirs(),
            (std::vector<std::string>{cann + "/compiler/tikcpp", cann + "/compiler/tikcpp/tikcfw",
                                      cann + "/compiler/tikcpp/tikcfw/interface", cann + "/include"}));
}

TEST(CannLayout, AscendcIncludeDirsFollowCannsOrderAndSkipRepeats) {
  WorkDir tree = toolchain::test::scratchDir();
  std::string cann = tree.file("cann");
  std::string asc = cann + "/" + std::string(hostCannArchDir()) + "/asc";
  for (const char *dir : {"/include/basic_api", "/impl/basic_api"}) test::makeDirs(asc + dir);
  test::makeDirs(cann + "/tools/tikcpp/tikcfw");
  // compiler/tikcpp a symlink to tools/tikcpp: one set of dirs, not two.
  test::makeDirs(cann + "/compiler");
  ASSERT_EQ(::symlink((cann + "/tools/tikcpp").c_str(), (cann + "/compiler/tikcpp").c_str()), 0);
  EXPECT_EQ(ascendcIncludeDirs(cann),
            (std::vector<std::string>{asc + "/include", asc + "/include/basic_api", asc + "/impl/basic_api",
                                      cann + "/compiler/tikcpp", cann + "/compiler/tikcpp/tikcfw"}));
  EXPECT_TRUE(ascendcIncludeDirs("").empty());
  EXPECT_EQ(ptoIsaIncludeDir(cann), "");
  test::makeDirs(cann + "/include/pto");
  toolchain::test::writeText(cann + "/include/pto/pto-inst.hpp", "");
  EXPECT_EQ(ptoIsaIncludeDir(cann), cann + "/include");
}

}  // namespace
}  // namespace kiln::ascend
