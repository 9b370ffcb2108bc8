// PTX as an input kind: another producer's PTX through kiln's PTX oracle and
// the real ptxas. ptxas is the oracle here: for kiln's own PTX and for PTX
// nvcc wrote from hand-written CUDA, the cubin must be byte-identical to
// direct ptxas with the same flags, and the -v lines must match.
#include "worker/backends/nvidia/nvidia_ptx_input.h"

#include <gtest/gtest.h>

#include <chrono>

#include "proto/convert/artifact_names.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"
#include "tests/toolchain/toolchain_test_util.h"
#include "worker/backends/nvidia/nvidia_compile.h"
#include "worker/backends/nvidia/toolchain/ptxas_driver.h"
#include "worker/backends/source_digest.h"
#include "worker/oracle/ptx/ptx_check.h"

namespace kiln::nvidia {
namespace {

namespace tt = kiln::toolchain::test;

const Toolchains &environment() {
  static const Toolchains env = Toolchains::discover(Config{});
  return env;
}

std::filesystem::path inputs() { return test::sourceDir() / "tests/backends/nvidia/ptx_inputs"; }

CompileRequest ptxRequest(std::string name, std::string text, std::string target = "sm_90") {
  CompileRequest r;
  r.input = InputKind::kPtx;
  r.source = {std::move(name), std::move(text)};
  r.target = std::move(target);
  r.emit = {Emit::kCubin};
  return r;
}

const Artifact *artifact(const CompileResult &result, const std::string &kind) {
  for (const Artifact &a : result.artifacts)
    if (a.kind == kind) return &a;
  return nullptr;
}

bool hasMessage(const std::vector<Diagnostic> &diagnostics, const std::string &part) {
  for (const Diagnostic &d : diagnostics)
    if (d.message.find(part) != std::string::npos) return true;
  return false;
}

// -v lines without the one that differs run to run.
std::string withoutCompileTime(const std::string &lines) {
  std::string out;
  size_t start = 0;
  while (start < lines.size()) {
    size_t end = lines.find('\n', start);
    if (end == std::string::npos) end = lines.size();
    std::string line = lines.substr(start, end - start);
    if (line.find("Compile time =") == std::string::npos) out += line + "\n";
    start = end + 1;
  }
  return out;
}

struct Direct {
  std::string cubin;
  std::string info;  // ptxas -v's lines
};

// Direct ptxas on `ptx` with kiln's arguments for `options` (the oracle run).
Direct directPtxas(const std::string &ptx, const std::string &arch, const PtxasOptions &options = {}) {
  toolchain::WorkDir dir = tt::scratchDir();
  tt::writeText(dir.path() + "/kernel.ptx", ptx);
  std::vector<std::string> argv = {std::string(tt::kCudaBin) + "/ptxas"};
  for (std::string arg : PtxasDriver::arguments(arch, options))
    argv.push_back(arg == "kernel.cubin" || arg == "kernel.ptx" ? dir.path() + "/" + arg : arg);
  test::ProcessResult run = test::runProcess(argv);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return {tt::readText(dir.path() + "/kernel.cubin"), PtxasDriver::infoLines(run.err + run.out)};
}

std::string nvccPtx(const std::string &cu, const std::string &arch) {
  toolchain::WorkDir dir = tt::scratchDir();
  std::string out = dir.path() + "/k.ptx";
  test::ProcessResult run = test::runProcess(
      {std::string(tt::kCudaBin) + "/nvcc", "-ptx", "-arch=" + arch, (inputs() / cu).string(), "-o", out});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return tt::readText(out);
}

class PtxInput : public ::testing::Test {
 protected:
  void SetUp() override { KILN_REQUIRE_CUDA_TOOL("ptxas"); }

  void expectSameAsPtxas(const std::string &name, const std::string &ptx, const std::string &arch,
                         const PtxasOptions &options = {}) {
    CompileRequest request = ptxRequest(name, ptx, arch);
    request.ptxas = options;
    CompileResult result = compilePtxInput(request, environment());
    ASSERT_TRUE(result.ok()) << name << ": " << (result.diagnostics.empty() ? "" : result.diagnostics[0].message);
    Direct direct = directPtxas(ptx, arch, options);
    const Artifact *cubin = artifact(result, "cubin");
    ASSERT_NE(cubin, nullptr);
    EXPECT_FALSE(direct.cubin.empty());
    EXPECT_TRUE(cubin->bytes == direct.cubin) << name << " " << arch << ": kiln's cubin (" << cubin->bytes.size()
                                              << " bytes) differs from ptxas's (" << direct.cubin.size() << ")";
    EXPECT_EQ(withoutCompileTime(result.tool_log), withoutCompileTime(direct.info)) << name;
    if (options.verbose)
      EXPECT_NE(result.tool_log.find("Used "), std::string::npos) << result.tool_log;
    else
      EXPECT_EQ(result.tool_log, "") << "no -v, no report";
    ASSERT_NE(artifact(result, "launch"), nullptr);
  }
};

TEST_F(PtxInput, KilnsOwnPtxAssemblesToPtxassBytes) {
  for (const auto &file : test::allExamples()) {
    CompileRequest tile;
    tile.source = {file.filename().string(), test::readFile(file)};
    tile.emit = {Emit::kPtx};
    CompileResult ptx = compile(tile, environment());
    const Artifact *text = artifact(ptx, "ptx");
    ASSERT_NE(text, nullptr) << file;
    expectSameAsPtxas(file.stem().string() + ".ptx", text->bytes, "sm_90");
  }
}

TEST_F(PtxInput, NvccsPtxOfHandWrittenKernelsAssemblesToPtxassBytes) {
  KILN_REQUIRE_CUDA_TOOL("nvcc");
  for (const char *cu : {"stage_shared.cu", "saxpy_fma.cu"})
    for (const char *arch : {"sm_80", "sm_90"}) expectSameAsPtxas(cu, nvccPtx(cu, arch), arch);
}

TEST_F(PtxInput, PtxasOptionsReachPtxasAndMatchItsOutput) {
  KILN_REQUIRE_CUDA_TOOL("nvcc");
  std::string ptx = nvccPtx("saxpy_fma.cu", "sm_90");
  PtxasOptions o0;
  o0.opt_level = 0;
  PtxasOptions nofma;
  nofma.fmad = false;
  PtxasOptions lines;
  lines.line_info = true;
  PtxasOptions triton;  // what Triton 3.9 passes: -lineinfo --regAllocOptLevel=2
  triton.line_info = true;
  triton.reg_alloc_opt_level = 2;
  PtxasOptions quiet;  // a ptxas command line without -v
  quiet.verbose = false;
  PtxasOptions quietLines = lines;
  quietLines.verbose = false;
  for (const PtxasOptions &options : {o0, nofma, lines, triton, quiet, quietLines})
    expectSameAsPtxas("saxpy_fma.ptx", ptx, "sm_90", options);
  // And they change the cubin: the options are not dropped on the way.
  CompileRequest plain = ptxRequest("saxpy_fma.ptx", ptx), unfused = plain;
  unfused.ptxas = nofma;
  EXPECT_NE(artifact(compilePtxInput(plain, environment()), "cubin")->bytes,
            artifact(compilePtxInput(unfused, environment()), "cubin")->bytes);
}

TEST_F(PtxInput, TheArchSpecificTargetTritonUsesIsAccepted) {
  KILN_REQUIRE_CUDA_TOOL("nvcc");
  expectSameAsPtxas("stage_shared.ptx", nvccPtx("stage_shared.cu", "sm_90a"), "sm_90a");
}

TEST_F(PtxInput, APlantedOutOfBoundsSharedStoreIsRejectedAndLocated) {
  std::string ptx = test::readFile(inputs() / "shared_oob.ptx");
  CompileResult result = compilePtxInput(ptxRequest("shared_oob.ptx", ptx), environment());
  EXPECT_FALSE(result.ok());
  EXPECT_TRUE(result.artifacts.empty());
  EXPECT_EQ(result.oracle_verdict, OracleVerdict::kErrors);
  bool located = false;
  for (const Diagnostic &d : result.diagnostics)
    if (d.message.rfind("[oracle.constant-oob]", 0) == 0) {
      located = d.file == "shared_oob.ptx" && d.line > 0 && d.column > 0;
      EXPECT_NE(sourceLine(ptx, d.line).find("+1024]"), std::string_view::npos) << d.line;
    }
  EXPECT_TRUE(located);
  // ptxas itself never ran: no tool identity in the result.
  EXPECT_TRUE(result.tools.empty());

  CompileRequest warn = ptxRequest("shared_oob.ptx", ptx);
  warn.oracle = OracleMode::kWarn;
  CompileResult warned = compilePtxInput(warn, environment());
  EXPECT_TRUE(warned.ok());
  EXPECT_EQ(warned.oracle_verdict, OracleVerdict::kWarnings);
}

TEST_F(PtxInput, PtxassOwnErrorsNameTheClientsFileAndLine) {
  CompileResult result = compilePtxInput(
      ptxRequest("mine.ptx", ".version 8.0\n.target sm_90\n.address_size 64\n.visible .entry k()\n{\n"
                             "\tbogus.instruction %r1;\n\tret;\n}\n"),
      environment());
  EXPECT_FALSE(result.ok());
  bool located = false;
  for (const Diagnostic &d : result.diagnostics) {
    EXPECT_NE(d.file, "kernel.ptx") << formatHeadline(d);
    located |= d.tool == "ptxas" && d.file == "mine.ptx" && d.line == 6;
  }
  EXPECT_TRUE(located);
}

TEST(PtxInputRefusals, WhatAPtxInputCannotBeAskedFor) {
  CompileRequest ptx = ptxRequest("k.ptx", ".version 8.0\n.target sm_90\n.address_size 64\n");
  ptx.emit = {Emit::kPtx};
  EXPECT_TRUE(hasMessage(compilePtxInput(ptx, environment()).diagnostics, "--emit ptx is for Tile IR"));
  ptx.emit = {Emit::kCubin};
  ptx.via = CompilePath::kNvcc;
  EXPECT_TRUE(hasMessage(compilePtxInput(ptx, environment()).diagnostics, "--via nvcc is for Tile IR"));
  ptx.via = CompilePath::kBuiltin;
  ptx.target = "sm_70";
  EXPECT_TRUE(hasMessage(compilePtxInput(ptx, environment()).diagnostics, "unsupported GPU architecture 'sm_70'"));
}

TEST(PtxInputRefusals, BinaryJunkIsRefusedLocatedBeforeAnyReader) {
  std::string junk = ".version 8.0\n.tar";
  junk += '\0';
  junk += "\x7f" "ELF";
  CompileResult result = compilePtxInput(ptxRequest("junk.ptx", junk), environment());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].line, 2u);
  EXPECT_EQ(result.diagnostics[0].column, 5u);
  EXPECT_NE(result.diagnostics[0].message.find("[input.binary] byte 0x00"), std::string::npos);
  EXPECT_TRUE(result.tools.empty());
}

TEST(PtxInputRefusals, MalformedPtxFailsEvenWithTheOracleOff) {
  CompileRequest bad = ptxRequest(
      "bad.ptx", ".version 8.0\n.target sm_90\n.address_size 64\n.visible .entry k()\n{\n"
                 "\t.shared .b8 s[99999999999999999999];\n\tret;\n}\n");
  bad.oracle = OracleMode::kOff;
  CompileResult result = compilePtxInput(bad, environment());
  EXPECT_FALSE(result.ok());
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics[0].line, 6u);
  EXPECT_TRUE(result.tools.empty()) << "ptxas never ran";
}

TEST(PtxInputToolLog, IsCutAtALineAndSaysSo) {
  EXPECT_EQ(boundedToolLog("a\nb\n", 100), "a\nb\n");
  std::string cut = boundedToolLog(std::string(60, 'x') + "\n" + std::string(60, 'y') + "\n", 120);
  EXPECT_LE(cut.size(), 120u);
  EXPECT_EQ(cut, std::string(60, 'x') + "\nkiln: ptxas -v printed 122 bytes; the rest is left out\n");
}

// Thousands of entries: the oracle stays linear, and ptxas's -v report for
// them stays within what kilnd takes from a worker.
TEST_F(PtxInput, ThousandsOfEntriesAreCheckedQuicklyAndReportedWithinBounds) {
  std::string ptx = ".version 8.0\n.target sm_90\n.address_size 64\n";
  for (int i = 0; i < 2000; ++i)
    ptx += ".visible .entry k" + std::to_string(i) + "()\n{\n\t.shared .align 4 .b8 s" + std::to_string(i) +
           "[16];\n\tst.shared.u32 [s" + std::to_string(i) + "+4], 1;\n\tbar.sync 0;\n\tret;\n}\n";
  auto start = std::chrono::steady_clock::now();
  oracle::PtxCheck checked = oracle::checkPtxSource({"many.ptx", ptx}, oracle::DeviceSpec{});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(checked.entries.size(), 2000u);
  CompileResult result = compilePtxInput(ptxRequest("many.ptx", ptx), environment());
  ASSERT_TRUE(result.ok()) << (result.diagnostics.empty() ? "" : formatHeadline(result.diagnostics[0]));
  EXPECT_LE(result.tool_log.size(), wire::kMaxToolLogBytes);
  EXPECT_EQ(wire::resultShapeProblem({Emit::kCubin}, result), "");
}

TEST(PtxInputKey, TheHookGetsTheNormalFormDigestAndCanAnswer) {
  CompileRequest request = ptxRequest("k.ptx", "// a comment\n.version 8.0   \n");
  std::string seen;
  CompileHooks hooks;
  hooks.after_parse = [&](const std::string &digest) -> std::optional<CompileResult> {
    seen = digest;
    CompileResult cached;
    cached.artifacts.push_back({"k.cubin", "cubin", "cached"});
    return cached;
  };
  CompileResult result = compilePtxInput(request, environment(), hooks);
  EXPECT_EQ(seen, backends::producerSourceDigest(InputKind::kPtx, "\n.version 8.0\n"));
  ASSERT_EQ(result.artifacts.size(), 1u);
  EXPECT_EQ(result.artifacts[0].bytes, "cached");
}

}  // namespace
}  // namespace kiln::nvidia
