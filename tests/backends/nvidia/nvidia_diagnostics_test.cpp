// nvidia_diagnostics over every output format nvcc 13 and ptxas 13 were
// seen to print; the sample lines are copied from real runs.
#include "worker/backends/nvidia/toolchain/nvidia_diagnostics.h"

#include <gtest/gtest.h>

namespace kiln::nvidia {
namespace {

using namespace kiln::toolchain;

constexpr const char *kWorkDir = "/tmp/kiln-Xy12Zw";

ToolOutputContext nvccContext(bool failed = true) {
  ToolOutputContext context;
  context.tool = "nvcc";
  context.paths = OutputPaths{kWorkDir, {{"kernel.cu", "kernel.cu"}, {"kernel.ptx", "kernel.ptx"}}};
  context.source_name = "kernel.cu";
  context.run_failed = failed;
  return context;
}

std::vector<Diagnostic> parse(const std::string &output, const ToolOutputContext &context = nvccContext()) {
  return parseNvidiaOutput(output, context);
}

TEST(NvidiaDiagnostics, CudafeErrorWithContextAndCaretIsOneRecord) {
  std::vector<Diagnostic> ds = parse(
      "kernel.cu(12): error: identifier \"x\" is undefined\n"
      "      p[0] = x;\n"
      "             ^\n"
      "\n"
      "1 error detected in the compilation of \"kernel.cu\".\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].file, "kernel.cu");
  EXPECT_EQ(ds[0].line, 12u);
  EXPECT_EQ(ds[0].message, "identifier \"x\" is undefined");
  EXPECT_EQ(ds[0].tool, "nvcc");
  EXPECT_TRUE(ds[0].notes.empty());
}

TEST(NvidiaDiagnostics, CaretGivesTheColumnWhenTheContextLineIsTheSource) {
  std::string source = "extern \"C\" __global__ void k(float *p) {\n  int y;\n  p[0] = x;\n}\n";
  ToolOutputContext context = nvccContext();
  context.source = source;
  std::vector<Diagnostic> ds = parse(
      "kernel.cu(3): error: identifier \"x\" is undefined\n"
      "    p[0] = x;\n"
      "           ^\n\n"
      "kernel.cu(1): error: expected a \";\"\n"
      "  extern \"C\" __attribute__((global)) void k(float *p) {\n"
      "                                          ^\n\n",
      context);
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].column, 10u);
  // cudafe++ shows the macro-expanded line; its caret says nothing about
  // the column in the source.
  EXPECT_EQ(ds[1].column, 0u);
}

TEST(NvidiaDiagnostics, CudafeWarningKeepsItsNumber) {
  std::vector<Diagnostic> ds = parse(
      "kernel.cu(12): warning #177-D: variable \"y\" was declared but never referenced\n"
      "    int y;\n"
      "        ^\n\n"
      "Remark: The warnings can be suppressed with \"-diag-suppress <warning-number>\"\n\n",
      nvccContext(false));
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kWarning);
  EXPECT_EQ(ds[0].file, "kernel.cu");
  EXPECT_EQ(ds[0].line, 12u);
  EXPECT_EQ(ds[0].message, "variable \"y\" was declared but never referenced [#177-D]");
}

TEST(NvidiaDiagnostics, CatastrophicErrorAndForeignFiles) {
  std::vector<Diagnostic> ds = parse(
      "/etc/hostname(1): error: this declaration has no storage class or type specifier\n"
      "  vm\n"
      "  ^\n\n"
      "kernel.cu(1): catastrophic error: cannot open source file \"/root/x.h\"\n"
      "  #include \"/root/x.h\"\n"
      "                      ^\n\n"
      "1 catastrophic error detected in the compilation of \"kernel.cu\".\n"
      "Compilation terminated.\n");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].file, "/etc/hostname");
  EXPECT_EQ(ds[1].severity, Severity::kError);
  EXPECT_EQ(ds[1].message, "cannot open source file \"/root/x.h\"");
}

TEST(NvidiaDiagnostics, InstantiationContextBecomesANote) {
  std::vector<Diagnostic> ds = parse(
      "kernel.cu(1): error: expression must have class type but it has type \"float\"\n"
      "  template<class T> __attribute__((device)) T f(T x){ return x.foo; }\n"
      "                                                             ^\n"
      "          detected during instantiation of \"T f(T) [with T=float]\" at line 2\n\n");
  ASSERT_EQ(ds.size(), 1u);
  ASSERT_EQ(ds[0].notes.size(), 1u);
  const Diagnostic &note = ds[0].notes[0];
  EXPECT_EQ(note.severity, Severity::kNote);
  EXPECT_EQ(note.file, "kernel.cu");
  EXPECT_EQ(note.line, 2u);
  EXPECT_EQ(note.message, "during instantiation of \"T f(T) [with T=float]\"");
}

TEST(NvidiaDiagnostics, InstantiationChainGivesOneNotePerStep) {
  std::vector<Diagnostic> ds = parse(
      "kernel.cu(3): error: no operator \"+\" matches these operands\n"
      "          detected during:\n"
      "            instantiation of \"T add(T, T) [with T=S]\" at line 7\n"
      "            instantiation of \"void run<T>() [with T=S]\" at line 9 of /tmp/kiln-Xy12Zw/kernel.cu\n");
  ASSERT_EQ(ds.size(), 1u);
  ASSERT_EQ(ds[0].notes.size(), 2u);
  EXPECT_EQ(ds[0].notes[0].line, 7u);
  EXPECT_EQ(ds[0].notes[1].line, 9u);
  EXPECT_EQ(ds[0].notes[1].file, "kernel.cu");
}

TEST(NvidiaDiagnostics, PtxasLocatedError) {
  ToolOutputContext context = nvccContext();
  context.tool = "ptxas";
  std::vector<Diagnostic> ds = parse(
      "ptxas /tmp/kiln-Xy12Zw/kernel.ptx, line 5; error   : Unknown symbol 'foo'\n"
      "ptxas fatal   : Ptx assembly aborted due to errors\n",
      context);
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].tool, "ptxas");
  EXPECT_EQ(ds[0].file, "kernel.ptx");
  EXPECT_EQ(ds[0].line, 5u);
  EXPECT_EQ(ds[0].message, "Unknown symbol 'foo'");
  EXPECT_EQ(ds[1].severity, Severity::kError);
  EXPECT_EQ(ds[1].file, "");
  EXPECT_EQ(ds[1].message, "Ptx assembly aborted due to errors");
}

TEST(NvidiaDiagnostics, PtxasFromNvccNamesTheIntermediateStably) {
  std::vector<Diagnostic> ds =
      parse("ptxas /tmp/kiln-Xy12Zw/tmpxft_00002d2d_00000000-6_kernel.ptx, line 23; error   : "
            "Not a name of any known instruction: 'bogus'\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].file, "kernel.ptx");
  EXPECT_EQ(ds[0].line, 23u);
  EXPECT_EQ(ds[0].tool, "ptxas");
}

TEST(NvidiaDiagnostics, PtxasUnlocatedErrorFatalAndWarning) {
  std::vector<Diagnostic> ds = parse(
      "ptxas error   : Entry function 'k' uses too much shared data (0xc004 bytes, 0xc000 max)\n"
      "ptxas fatal   : Unresolved extern function '__nv_expf'\n"
      "ptxas warning : For profile sm_90 adjusting per thread register count of 16 to lower bound of 24\n");
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].message, "Entry function 'k' uses too much shared data (0xc004 bytes, 0xc000 max)");
  EXPECT_EQ(ds[1].severity, Severity::kError);
  EXPECT_EQ(ds[1].message, "Unresolved extern function '__nv_expf'");
  EXPECT_EQ(ds[2].severity, Severity::kWarning);
  EXPECT_EQ(ds[2].message,
            "For profile sm_90 adjusting per thread register count of 16 to lower bound of 24");
  for (const Diagnostic &d : ds) EXPECT_EQ(d.tool, "ptxas");
}

TEST(NvidiaDiagnostics, PtxasInfoLinesAreRemarks) {
  std::vector<Diagnostic> ds = parse(
      "ptxas info    : 0 bytes gmem\n"
      "ptxas info    : Compiling entry function 'scale' for 'sm_90'\n"
      "ptxas info    : Function properties for scale\n"
      "    0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads\n"
      "ptxas info    : Used 8 registers, used 0 barriers\n",
      nvccContext(false));
  ASSERT_EQ(ds.size(), 4u);
  for (const Diagnostic &d : ds) EXPECT_EQ(d.severity, Severity::kRemark);
  EXPECT_EQ(ds[2].message,
            "Function properties for scale: 0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads");
  EXPECT_EQ(ds[3].message, "Used 8 registers, used 0 barriers");
}

TEST(NvidiaDiagnostics, NvccFatal) {
  std::vector<Diagnostic> ds = parse("nvcc fatal   : Unsupported gpu architecture 'compute_70'\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].tool, "nvcc");
  EXPECT_EQ(ds[0].file, "");
  EXPECT_EQ(ds[0].message, "Unsupported gpu architecture 'compute_70'");
}

TEST(NvidiaDiagnostics, HostPreprocessorErrorsWithTheirContextLines) {
  std::vector<Diagnostic> ds = parse(
      "kernel.cu:1:10: fatal error: /root/nope.h: No such file or directory\n"
      "    1 | #include \"/root/nope.h\"\n"
      "      |          ^~~~~~~~~~~~~~\n"
      "compilation terminated.\n"
      "kernel.cu:3:2: error: #error boom\n"
      "    3 | #error boom\n"
      "      |  ^~~~~\n");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].file, "kernel.cu");
  EXPECT_EQ(ds[0].line, 1u);
  EXPECT_EQ(ds[0].column, 10u);
  EXPECT_EQ(ds[0].message, "/root/nope.h: No such file or directory");
  EXPECT_EQ(ds[0].tool, "nvcc");
  EXPECT_EQ(ds[1].line, 3u);
  EXPECT_EQ(ds[1].column, 2u);
  EXPECT_EQ(ds[1].message, "#error boom");
}

TEST(NvidiaDiagnostics, HostCompilerProgramErrors) {
  std::vector<Diagnostic> ds = parse("cc1plus: fatal error: kernel.cu: No such file or directory\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].file, "");
  EXPECT_EQ(ds[0].message, "kernel.cu: No such file or directory");
}

TEST(NvidiaDiagnostics, IncludeChainAttachesToTheNextDiagnostic) {
  std::vector<Diagnostic> ds = parse(
      "In file included from /tmp/kiln-Xy12Zw/inner.h:2,\n"
      "                 from kernel.cu:1:\n"
      "/tmp/kiln-Xy12Zw/deep.h:4:2: error: #error nested\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].file, "deep.h");
  ASSERT_EQ(ds[0].notes.size(), 2u);
  EXPECT_EQ(ds[0].notes[0].file, "inner.h");
  EXPECT_EQ(ds[0].notes[0].line, 2u);
  EXPECT_EQ(ds[0].notes[1].file, "kernel.cu");
  EXPECT_EQ(ds[0].notes[1].line, 1u);
}

TEST(NvidiaDiagnostics, WorkDirNeverLeaks) {
  std::vector<Diagnostic> ds = parse(
      "/tmp/kiln-Xy12Zw/kernel.cu(1): error: expected a \";\"\n"
      "ptxas fatal   : Output file '/tmp/kiln-Xy12Zw/kernel.cubin' could not be opened\n"
      "1 error detected in the compilation of \"/tmp/kiln-Xy12Zw/kernel.cu\".\n"
      "something odd about /tmp/kiln-Xy12Zw/kernel.cu\n");
  ASSERT_EQ(ds.size(), 3u);
  EXPECT_EQ(ds[0].file, "kernel.cu");
  EXPECT_EQ(ds[1].message, "Output file 'kernel.cubin' could not be opened");
  ASSERT_EQ(ds[2].notes.size(), 1u);
  EXPECT_EQ(ds[2].notes[0].message, "something odd about kernel.cu");
  for (const Diagnostic &d : ds) {
    EXPECT_EQ(formatDiagnostic(d).find(kWorkDir), std::string::npos) << formatDiagnostic(d);
  }
}

TEST(NvidiaDiagnostics, UnrecognisedLinesOfAFailedRunAreKept) {
  std::vector<Diagnostic> ds = parse("Segmentation fault\n  odd indented line\nstrange\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].severity, Severity::kError);
  EXPECT_EQ(ds[0].tool, "nvcc");
  ASSERT_EQ(ds[0].notes.size(), 3u);
  EXPECT_EQ(ds[0].notes[0].message, "Segmentation fault");
  EXPECT_EQ(ds[0].notes[1].message, "odd indented line");
  EXPECT_EQ(ds[0].notes[2].message, "strange");
}

TEST(NvidiaDiagnostics, UnrecognisedLinesNextToRealErrorsAreANote) {
  std::vector<Diagnostic> ds = parse("nvcc fatal   : bad\nstrange\n");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[1].severity, Severity::kNote);
  ASSERT_EQ(ds[1].notes.size(), 1u);
  EXPECT_EQ(ds[1].notes[0].message, "strange");
}

TEST(NvidiaDiagnostics, UnrecognisedLinesOfASuccessfulRunAreDropped) {
  EXPECT_TRUE(parse("chatter\n", nvccContext(false)).empty());
}

TEST(NvidiaDiagnostics, SandboxErrors) {
  std::vector<Diagnostic> ds = parse("bwrap: Can't mkdir /x: Read-only file system\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].tool, "kiln");
  EXPECT_EQ(ds[0].message, "sandbox: Can't mkdir /x: Read-only file system");
}

TEST(NvidiaDiagnostics, CrLfAndEmptyOutput) {
  EXPECT_TRUE(parse("").empty());
  std::vector<Diagnostic> ds = parse("nvcc fatal   : x\r\n");
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].message, "x");
}

TEST(NvidiaDiagnostics, HugeLinesAreHandled) {
  std::string line =
      "kernel.cu(7): error: " + std::string(500000, 'a') + "\n  " + std::string(400000, '(') + "\n";
  std::vector<Diagnostic> ds = parse(line);
  ASSERT_EQ(ds.size(), 1u);
  EXPECT_EQ(ds[0].line, 7u);
}

}  // namespace
}  // namespace kiln::nvidia
