// tool_discovery with stand-ins: small shell scripts named like the real
// tools, in scratch directories, check the search order without CUDA.
#include "worker/toolchain/tools/tool_discovery.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>

#include "tests/toolchain/toolchain_test_util.h"

namespace kiln::toolchain {
namespace {

class StandInDiscovery : public ::testing::Test {
 protected:
  // A fresh directory under the scratch root, holding an nvcc stand-in.
  std::string dirWithStandIn(const std::string &name) {
    std::string dir = root_.file(name);
    ::mkdir(dir.c_str(), 0755);
    test::writeStandIn(dir, "nvcc", "stand-in nvcc in " + name);
    return dir;
  }
  std::string emptyDir(const std::string &name) {
    std::string dir = root_.file(name);
    ::mkdir(dir.c_str(), 0755);
    return dir;
  }
  ToolSearch nothing() {
    ToolSearch search;
    search.standard_dirs = {};
    return search;
  }
  WorkDir root_ = test::scratchDir();
};

TEST_F(StandInDiscovery, OverrideFileWinsOverEverything) {
  std::string pinned = test::writeStandIn(emptyDir("pinned"), "my-nvcc", "stand-in pinned");
  ToolSearch search = nothing();
  search.override_path = pinned;
  search.cuda_home = emptyDir("home");
  dirWithStandIn("home/bin");
  search.path = dirWithStandIn("on-path");
  ToolLookup found = findTool("nvcc", search);
  EXPECT_EQ(found.path, pinned);
  EXPECT_TRUE(found.diagnostics.empty());
}

TEST_F(StandInDiscovery, OverrideDirectoryIsSearchedForTheName) {
  ToolSearch search = nothing();
  search.override_path = dirWithStandIn("pinned-dir");
  EXPECT_EQ(findTool("nvcc", search).path, root_.file("pinned-dir/nvcc"));
}

TEST_F(StandInDiscovery, BrokenOverrideIsAnErrorNotAFallback) {
  ToolSearch search = nothing();
  search.override_path = root_.file("missing/nvcc");
  search.path = dirWithStandIn("on-path");
  ToolLookup found = findTool("nvcc", search);
  EXPECT_FALSE(found.found());
  ASSERT_EQ(found.diagnostics.size(), 1u);
  EXPECT_EQ(found.diagnostics[0].message, "nvcc not found (searched: " + root_.file("missing/nvcc") + ")");
}

TEST_F(StandInDiscovery, CudaHomeComesBeforePath) {
  ToolSearch search = nothing();
  search.cuda_home = emptyDir("home");
  dirWithStandIn("home/bin");
  search.path = dirWithStandIn("on-path");
  EXPECT_EQ(findTool("nvcc", search).path, root_.file("home/bin/nvcc"));
}

TEST_F(StandInDiscovery, PathEntriesAreSearchedInOrder) {
  ToolSearch search = nothing();
  search.cuda_home = emptyDir("empty-home");
  search.path = emptyDir("p0") + ":" + dirWithStandIn("p1") + ":" + dirWithStandIn("p2");
  EXPECT_EQ(findTool("nvcc", search).path, root_.file("p1/nvcc"));
}

TEST_F(StandInDiscovery, PathComesBeforeStandardDirs) {
  ToolSearch search = nothing();
  search.path = dirWithStandIn("on-path");
  search.standard_dirs = {dirWithStandIn("standard")};
  EXPECT_EQ(findTool("nvcc", search).path, root_.file("on-path/nvcc"));
}

TEST_F(StandInDiscovery, StandardDirsAreTheLastResort) {
  ToolSearch search = nothing();
  search.path = emptyDir("on-path");
  search.standard_dirs = {emptyDir("s0"), dirWithStandIn("s1")};
  EXPECT_EQ(findTool("nvcc", search).path, root_.file("s1/nvcc"));
}

TEST_F(StandInDiscovery, NonExecutableAndDirectoryCandidatesAreSkipped) {
  ToolSearch search = nothing();
  std::string not_executable = emptyDir("not-exec");
  test::writeText(not_executable + "/nvcc", "#!/bin/sh\n", 0644);
  std::string directory = emptyDir("dir");
  ::mkdir((directory + "/nvcc").c_str(), 0755);
  search.path = not_executable + ":" + directory + ":" + dirWithStandIn("good");
  EXPECT_EQ(findTool("nvcc", search).path, root_.file("good/nvcc"));
}

TEST_F(StandInDiscovery, RelativeAndEmptyPathEntriesAreIgnored) {
  ToolSearch search = nothing();
  search.path = "::.:bin:relative/dir:" + emptyDir("abs");
  ToolLookup found = findTool("nvcc", search);
  EXPECT_FALSE(found.found());
  ASSERT_EQ(found.diagnostics.size(), 1u);
  EXPECT_EQ(found.diagnostics[0].message, "nvcc not found (searched: " + root_.file("abs") + ")");
}

TEST(ToolDiscovery, MissingToolNamesEverythingSearched) {
  ToolSearch search;
  search.cuda_home = "/nonexistent-kiln/a";
  search.path = "/nonexistent-kiln/usr/bin:/nonexistent-kiln/usr/bin";
  search.standard_dirs = {"/nonexistent-kiln/cuda/bin"};
  ToolLookup found = findTool("nvcc", search);
  EXPECT_FALSE(found.found());
  ASSERT_EQ(found.diagnostics.size(), 1u);
  const Diagnostic &d = found.diagnostics[0];
  EXPECT_EQ(d.severity, Severity::kError);
  EXPECT_EQ(d.tool, "nvcc");
  EXPECT_EQ(d.message,
            "nvcc not found (searched: /nonexistent-kiln/a/bin, /nonexistent-kiln/usr/bin, "
            "/nonexistent-kiln/cuda/bin)");
}

TEST(ToolDiscovery, DefaultStandardDirIsUsrLocalCuda) {
  EXPECT_EQ(ToolSearch{}.standard_dirs, std::vector<std::string>{"/usr/local/cuda/bin"});
}

TEST(ToolDiscovery, NamesWithSlashesAreRejected) {
  ToolLookup found = findTool("../nvcc", ToolSearch{});
  EXPECT_FALSE(found.found());
  EXPECT_TRUE(hasErrors(found.diagnostics));
}

TEST(ToolDiscovery, EnvironmentHelperReadsCudaHomeAndPath) {
  ::setenv("CUDA_HOME", "/opt/kiln-cuda", 1);
  ::setenv("PATH", "/kiln/one:/kiln/two", 1);
  ToolSearch search = toolSearchFromEnvironment("/pinned/nvcc");
  EXPECT_EQ(search.cuda_home, "/opt/kiln-cuda");
  EXPECT_EQ(search.path, "/kiln/one:/kiln/two");
  EXPECT_EQ(search.override_path, "/pinned/nvcc");
  ::unsetenv("CUDA_HOME");
  EXPECT_EQ(toolSearchFromEnvironment().cuda_home, "");
}

}  // namespace
}  // namespace kiln::toolchain
