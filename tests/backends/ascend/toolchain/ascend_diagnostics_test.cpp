// parseAscendOutput on bisheng's (clang) and ptoas's (MLIR) output forms.
// The lines are written here in those tools' public formats; no tool runs.
#include "worker/backends/ascend/toolchain/ascend_diagnostics.h"

#include <gtest/gtest.h>

namespace kiln::ascend {
namespace {

toolchain::ToolOutputContext context(bool failed = true) {
  toolchain::ToolOutputContext c;
  c.tool = "bisheng";
  c.paths.work_dir = "/tmp/kiln-abc123";
  c.paths.logical_names = {{"kernel.cpp", "kernel.cpp"}};
  c.source_name = "kernel.cpp";
  c.run_failed = failed;
  return c;
}

TEST(AscendDiagnostics, ClangErrorWithSourceEchoAndCaret) {
  auto ds = parseAscendOutput(
      "/tmp/kiln-abc123/kernel.cpp:12:3: error: use of undeclared identifier 'x'\n"
      "  x = 1;\n"
      "  ^\n"
      "1 error generated.\n",
      context());
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].file, "kernel.cpp");
  EXPECT_EQ(ds[0].line, 12u);
  EXPECT_EQ(ds[0].column, 3u);
  EXPECT_EQ(ds[0].message, "use of undeclared identifier 'x'");
  EXPECT_EQ(ds[0].tool, "bisheng");
}

TEST(AscendDiagnostics, NewerClangGutterEchoIsDroppedToo) {
  auto ds = parseAscendOutput(
      "kernel.cpp:4:7: warning: unused variable 'y' [-Wunused-variable]\n"
      "    4 |   int y;\n"
      "      |       ^\n"
      "1 warning generated.\n",
      context(false));
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kWarning);
  EXPECT_EQ(ds[0].message, "unused variable 'y' [-Wunused-variable]");
}

TEST(AscendDiagnostics, FatalErrorAndIncludeChainBecomeNotes) {
  auto ds = parseAscendOutput(
      "In file included from kernel.cpp:1:\n"
      "In file included from /cann/include/kernel_operator.h:20:\n"
      "/cann/include/x.h:3:10: fatal error: 'y.h' file not found\n"
      "#include \"y.h\"\n"
      "         ^~~~~\n",
      context());
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].file, "/cann/include/x.h");
  EXPECT_EQ(ds[0].line, 3u);
  EXPECT_EQ(ds[0].message, "'y.h' file not found");
  ASSERT_EQ(ds[0].notes.size(), 2u);
  EXPECT_EQ(ds[0].notes[0].file, "kernel.cpp");
  EXPECT_EQ(ds[0].notes[0].line, 1u);
  EXPECT_EQ(ds[0].notes[0].message, "included from here");
  EXPECT_EQ(ds[0].notes[1].file, "/cann/include/kernel_operator.h");
}

TEST(AscendDiagnostics, NotesJoinTheRecordBeforeThem) {
  auto ds = parseAscendOutput(
      "kernel.cpp:5:3: error: no matching function for call to 'Add'\n"
      "kernel.cpp:2:6: note: candidate function not viable\n"
      "kernel.cpp:9:1: error: expected ';'\n",
      context());
  ASSERT_EQ(ds.size(), 2u);
  ASSERT_EQ(ds[0].notes.size(), 1u);
  EXPECT_EQ(ds[0].notes[0].severity, Severity::kNote);
  EXPECT_EQ(ds[0].notes[0].line, 2u);
  EXPECT_EQ(ds[1].line, 9u);
}

TEST(AscendDiagnostics, DriverErrorsNameTheProgram) {
  auto ds = parseAscendOutput("bisheng: error: unknown argument: '--bogus'\nld.lld: error: undefined symbol: f\n",
                              context());
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].tool, "bisheng");
  EXPECT_EQ(ds[0].file, "");
  EXPECT_EQ(ds[0].message, "unknown argument: '--bogus'");
  EXPECT_EQ(ds[1].tool, "ld.lld");
}

TEST(AscendDiagnostics, MlirForms) {
  toolchain::ToolOutputContext c = context();
  c.tool = "ptoas";
  auto ds = parseAscendOutput(
      "kernel.pto:3:5: error: 'pto.tadd' op requires the same element type\n"
      "kernel.pto:3:5: note: see current operation: %0 = \"pto.tadd\"(%a, %b)\n"
      "<unknown>:0: error: failed to legalize\n"
      "error: PlanMemory: UB overflow\n",
      c);
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].tool, "ptoas");
  EXPECT_EQ(ds[0].file, "kernel.pto");
  EXPECT_EQ(ds[0].column, 5u);
  ASSERT_EQ(ds[0].notes.size(), 1u);
  EXPECT_EQ(ds[1].file, "");
  EXPECT_EQ(ds[1].line, 0u);
  EXPECT_EQ(ds[1].message, "failed to legalize");
  EXPECT_EQ(ds[2].message, "PlanMemory: UB overflow");
  EXPECT_EQ(ds[2].tool, "ptoas");
}

TEST(AscendDiagnostics, UnrecognisedOutputOfAFailedRunIsKept) {
  auto ds = parseAscendOutput("Segmentation fault in pass X\nStack dump:\n0. Program arguments: bisheng\n", context());
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].message, "bisheng printed output kiln does not recognise");
  EXPECT_EQ(ds[0].notes.size(), 3u);
  EXPECT_TRUE(parseAscendOutput("some chatter\n", context(false)).empty());
}

TEST(AscendDiagnostics, WorkDirPathsNeverSurvive) {
  auto ds = parseAscendOutput("/tmp/kiln-abc123/kernel.cpp:1:1: error: in /tmp/kiln-abc123/kernel.cpp here\n",
                              context());
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].message.find("/tmp/kiln-abc123"), std::string::npos) << ds[0].message;
}

TEST(AscendDiagnostics, SandboxMessagesAreKilns) {
  auto ds = parseAscendOutput("bwrap: Can't mount proc on /newroot/proc: Operation not permitted\n", context());
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].tool, "kiln");
  EXPECT_EQ(ds[0].message.rfind("sandbox: ", 0), 0u);
}

}  // namespace
}  // namespace kiln::ascend
