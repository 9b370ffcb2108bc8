// ToolSearch::homes (install roots with several bin dirs, as CANN has) and
// SandboxConfig::tool_dirs, with stand-in scripts in scratch directories.
// NVIDIA's search is unchanged: homes are empty unless a driver sets them.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>

#include "tests/toolchain/toolchain_test_util.h"
#include "worker/toolchain/process/process_runner.h"
#include "worker/toolchain/process/sandbox.h"
#include "worker/toolchain/tools/tool_discovery.h"

namespace kiln::toolchain {
namespace {

ToolSearch nothing() {
  ToolSearch search;
  search.standard_dirs = {};
  return search;
}

std::string standInAt(WorkDir &root, const std::string &dir, const std::string &name = "tool") {
  std::filesystem::create_directories(root.file(dir));
  return test::writeStandIn(root.file(dir), name, "stand-in " + dir);
}

TEST(ToolSearchHomes, DefaultSearchHasNoHomes) { EXPECT_TRUE(ToolSearch{}.homes.empty()); }

TEST(ToolSearchHomes, EachHomesBinDirsInOrderBetweenCudaHomeAndPath) {
  ToolSearch search = nothing();
  search.cuda_home = "/c";
  search.homes = {{"/h1", {"compiler/bin", "tools/bin"}}, {"/h2/", {"bin"}}, {"", {"bin"}}};
  search.path = "/p";
  search.standard_dirs = {"/s"};
  EXPECT_EQ(searchCandidates("tool", search),
            (std::vector<std::string>{"/c/bin/tool", "/h1/compiler/bin/tool", "/h1/tools/bin/tool",
                                      "/h2/bin/tool", "/p/tool", "/s/tool"}));
}

TEST(ToolSearchHomes, RepeatedHomesAreSearchedOnce) {
  ToolSearch search = nothing();
  search.homes = {{"/h", {"bin"}}, {"/h", {"bin"}}};
  search.path = "/h/bin";
  EXPECT_EQ(searchCandidates("tool", search), (std::vector<std::string>{"/h/bin/tool"}));
}

TEST(ToolSearchHomes, AHomeBinDirIsFoundBeforePath) {
  WorkDir root = test::scratchDir();
  std::string in_home = standInAt(root, "home/tools/bin");
  standInAt(root, "on-path");
  ToolSearch search = nothing();
  search.homes = {{root.file("home"), {"compiler/bin", "tools/bin"}}};
  search.path = root.file("on-path");
  EXPECT_EQ(findTool("tool", search).path, in_home);
}

TEST(ToolSearchHomes, NotFoundNamesEveryHomeDir) {
  ToolSearch search = nothing();
  search.homes = {{"/nonexistent-kiln/h", {"a/bin", "b/bin"}}};
  search.path = "/nonexistent-kiln/p";
  ToolLookup found = findTool("tool", search);
  ASSERT_EQ(found.diagnostics.size(), 1u);
  EXPECT_EQ(found.diagnostics[0].message,
            "tool not found (searched: /nonexistent-kiln/h/a/bin, /nonexistent-kiln/h/b/bin, /nonexistent-kiln/p)");
}

TEST(SandboxToolDirs, AreBoundReadOnlyEvenUnderTmp) {
  WorkDir root = test::scratchDir();
  WorkDir work = test::scratchDir();
  std::filesystem::create_directories(root.file("home/include"));
  test::writeText(root.file("home/include/header.h"), "kiln-visible\n");
  SandboxConfig config;
  config.tool_dirs = {root.file("home")};
  SandboxResult wrapped = sandboxCommand(config, {"/bin/sh", "-c", "cat " + root.file("home/include/header.h") +
                                                                        " && ! touch " + root.file("home/new")},
                                         work.path());
  ASSERT_TRUE(wrapped.command);
  if (!wrapped.command->sandboxed) GTEST_SKIP() << "bwrap is not usable here: " << wrapped.command->fallback_reason;
  const std::vector<std::string> &argv = wrapped.command->argv;
  bool bound = false;
  for (size_t i = 0; i + 2 < argv.size(); ++i)
    bound = bound || (argv[i] == "--ro-bind" && argv[i + 1] == root.file("home") && argv[i + 2] == root.file("home"));
  EXPECT_TRUE(bound);
  ProcessSpec spec;
  spec.argv = argv;
  spec.env = wrapped.command->env;
  spec.working_directory = work.path();
  spec.timeout = std::chrono::seconds(20);
  ProcessResult run = runProcess(spec);
  EXPECT_TRUE(run.succeeded()) << run.stderr_text;
  EXPECT_EQ(run.stdout_text, "kiln-visible\n");
  EXPECT_FALSE(std::filesystem::exists(root.file("home/new")));
}

TEST(SandboxToolDirs, WithoutThemTheHomeIsNotVisible) {
  WorkDir root = test::scratchDir();
  WorkDir work = test::scratchDir();
  std::filesystem::create_directories(root.file("home"));
  test::writeText(root.file("home/header.h"), "kiln-visible\n");
  SandboxResult wrapped = sandboxCommand(SandboxConfig{}, {"/bin/cat", root.file("home/header.h")}, work.path());
  ASSERT_TRUE(wrapped.command);
  if (!wrapped.command->sandboxed) GTEST_SKIP() << "bwrap is not usable here: " << wrapped.command->fallback_reason;
  ProcessSpec spec;
  spec.argv = wrapped.command->argv;
  spec.env = wrapped.command->env;
  spec.working_directory = work.path();
  spec.timeout = std::chrono::seconds(20);
  ProcessResult run = runProcess(spec);
  EXPECT_FALSE(run.succeeded());
  EXPECT_EQ(run.stdout_text, "");
}

}  // namespace
}  // namespace kiln::toolchain
