// tool_identity's hooks for tools other than NVIDIA's: a lenient version
// parser, a refusal judged from --version, and probeTool for other
// questions. Stand-in scripts play the tools; they compile nothing.
#include <gtest/gtest.h>

#include "tests/toolchain/toolchain_test_util.h"
#include "worker/toolchain/tools/tool_identity.h"

namespace kiln::toolchain {
namespace {

TEST(LenientVersion, TakesTheNumberAfterVersion) {
  EXPECT_EQ(parseLenientVersion("clang version 15.0.5 (git@x 1.2.3)"), "15.0.5");
  EXPECT_EQ(parseLenientVersion("BiSheng Enterprise 4.1.0 clang version 17.0.6"), "17.0.6");
  EXPECT_EQ(parseLenientVersion("LLVM (http://llvm.org/):\n  LLVM version 19.1.0git\n  Optimized build.\n"),
            "19.1.0git");
  EXPECT_EQ(parseLenientVersion("ptoas version 9"), "9");
  EXPECT_EQ(parseLenientVersion("CANN Version: 8.0.RC2.alpha003"), "8.0.RC2.alpha003");
  EXPECT_EQ(parseLenientVersion("tool, version 0.26-standin"), "0.26-standin");
}

TEST(LenientVersion, FallsBackToTheFirstDottedNumber) {
  EXPECT_EQ(parseLenientVersion("bisheng x86_64 build\nrelease 8.5.0 (2025)\n"), "8.5.0");
  EXPECT_EQ(parseLenientVersion("Version of nothing\nbuilt 1.2\n"), "1.2");
}

TEST(LenientVersion, NothingWithoutANumber) {
  EXPECT_FALSE(parseLenientVersion(""));
  EXPECT_FALSE(parseLenientVersion("no numbers here"));
  EXPECT_FALSE(parseLenientVersion("x86_64 arm64 sm_90 v2"));
  EXPECT_FALSE(parseLenientVersion("version x"));
}

TEST(IdentityHooks, CustomParserAndAcceptedTool) {
  WorkDir dir = test::scratchDir();
  std::string path = test::writeStandIn(dir.path(), "tool", "stand-in tool version 2.5.1");
  IdentityConfig config;
  EXPECT_FALSE(identifyTool("tool", path, config).identity);  // NVIDIA's parser by default
  config.parse_version = parseLenientVersion;
  config.refuse = [](std::string_view) { return std::string(); };
  IdentityResult r = identifyTool("tool", path, config);
  ASSERT_TRUE(r.identity) << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
  EXPECT_EQ(r.identity->version, "2.5.1");
  EXPECT_EQ(r.identity->sha256, sha256File(path).hex);
}

TEST(IdentityHooks, RefusalIsTheError) {
  WorkDir dir = test::scratchDir();
  std::string path = test::writeStandIn(dir.path(), "tool", "OtherVendor tool version 2.5.1");
  IdentityConfig config;
  config.parse_version = parseLenientVersion;
  config.refuse = [](std::string_view text) {
    return text.find("OtherVendor") != std::string_view::npos ? std::string("it is OtherVendor's") : std::string();
  };
  IdentityResult r = identifyTool("tool", path, config);
  EXPECT_FALSE(r.identity);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "refusing " + path + ": it is OtherVendor's");
  EXPECT_EQ(r.diagnostics[0].tool, "tool");
}

TEST(ProbeTool, RunsTheArgumentsAndReportsWhatItPrinted) {
  WorkDir dir = test::scratchDir();
  std::string path = dir.file("tool");
  test::writeText(path, "#!/bin/sh\necho \"args: $*\"\necho oops >&2\nexit 3\n", 0755);
  ProbeRun run = probeTool("tool", path, {"-print-targets", "x"});
  EXPECT_TRUE(run.ran);
  EXPECT_FALSE(run.succeeded());
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.stdout_text, "args: -print-targets x\n");
  EXPECT_EQ(run.stderr_text, "oops\n");
}

TEST(ProbeTool, TimeoutNamesTheCommand) {
  WorkDir dir = test::scratchDir();
  std::string path = dir.file("tool");
  test::writeText(path, "#!/bin/sh\nsleep 100\n", 0755);
  IdentityConfig config;
  config.timeout = std::chrono::milliseconds(200);
  ProbeRun run = probeTool("tool", path, {"-print-targets"}, config);
  EXPECT_FALSE(run.ran);
  ASSERT_EQ(run.diagnostics.size(), 1u);
  EXPECT_EQ(run.diagnostics[0].message, path + " -print-targets timed out after 200 ms");
}

}  // namespace
}  // namespace kiln::toolchain
