// nvcc_driver against the real nvcc in /usr/local/cuda: artifacts of each
// emit kind, parsed errors, the sandbox holding against hostile includes,
// timeouts, and arches rejected before anything runs.
#include "worker/backends/nvidia/toolchain/nvcc_driver.h"

#include <dirent.h>
#include <gtest/gtest.h>

#include "tests/toolchain/toolchain_test_util.h"
#include "worker/backends/nvidia/toolchain/gpu_arch.h"

namespace kiln::nvidia {
namespace {

using namespace kiln::toolchain;

constexpr const char *kScale =
    "extern \"C\" __global__ void scale(float *x, float a, int n) {\n"
    "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
    "  if (i < n) x[i] *= a;\n"
    "}\n";

size_t entriesIn(const std::string &dir) {
  size_t count = 0;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (dirent *e = ::readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") ++count;
    ::closedir(d);
  }
  return count;
}

std::string allText(const std::vector<Diagnostic> &diagnostics) {
  std::string text;
  for (const Diagnostic &d : diagnostics) text += formatDiagnostic(d);
  return text;
}

TEST(NvccArguments, AreBuiltFromArchAndEmitKindOnly) {
  EXPECT_EQ(NvccDriver::arguments("sm_90", Emit::kPtx),
            (std::vector<std::string>{"-arch=sm_90", "-ptx", "-o", "kernel.ptx", "kernel.cu"}));
  EXPECT_EQ(NvccDriver::arguments("sm_90", Emit::kCubin),
            (std::vector<std::string>{"-arch=sm_90", "-cubin", "-o", "kernel.cubin", "kernel.cu"}));
  EXPECT_EQ(NvccDriver::arguments("sm_90", Emit::kFatbin),
            (std::vector<std::string>{"-fatbin", "-gencode", "arch=compute_90,code=[sm_90,compute_90]", "-o",
                                      "kernel.fatbin", "kernel.cu"}));
}

TEST(NvccDiscover, MissingNvccIsADiagnostic) {
  NvccConfig config;
  config.search = ToolSearch{};
  config.search->standard_dirs = {"/nonexistent-kiln/cuda/bin"};
  NvccDiscovery found = NvccDriver::discover(config);
  EXPECT_FALSE(found.driver);
  ASSERT_EQ(found.diagnostics.size(), 1u);
  EXPECT_EQ(found.diagnostics[0].message, "nvcc not found (searched: /nonexistent-kiln/cuda/bin)");
}

class RealNvcc : public ::testing::Test {
 protected:
  void SetUp() override {
    KILN_REQUIRE_CUDA_TOOL("nvcc");
    config_.search = test::realCudaSearch();
    config_.sandbox.work_root = work_root_.path();
    NvccDiscovery found = NvccDriver::discover(config_);
    ASSERT_TRUE(found.driver) << allText(found.diagnostics);
    driver_.emplace(std::move(*found.driver));
    bwrap_usable_ = probeBwrap(config_.sandbox.bwrap_path).usable;
  }

  NvccResult compile(const std::string &source, Emit emit = Emit::kCubin,
                     const std::string &arch = "sm_90") {
    return driver_->compile(NvccJob{source, arch, emit});
  }

  WorkDir work_root_ = test::scratchDir();
  NvccConfig config_;
  std::optional<NvccDriver> driver_;
  bool bwrap_usable_ = false;
};

TEST_F(RealNvcc, CompilesToPtx) {
  NvccResult r = compile(kScale, Emit::kPtx);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  EXPECT_NE(r.artifact.find(".entry scale"), std::string::npos);
  EXPECT_NE(r.artifact.find(".target sm_90"), std::string::npos);
  EXPECT_EQ(r.argv, (std::vector<std::string>{driver_->identity().path, "-arch=sm_90", "-ptx", "-o",
                                              "kernel.ptx", "kernel.cu"}));
  EXPECT_EQ(r.identity.key(), driver_->identity().key());
  EXPECT_EQ(r.sandboxed, bwrap_usable_) << r.sandbox_note;
  if (r.sandboxed) {
    EXPECT_EQ(r.launched_argv.front(), config_.sandbox.bwrap_path);
  }
  EXPECT_GT(r.wall_ms, 0);
}

TEST_F(RealNvcc, CompilesToCubin) {
  NvccResult r = compile(kScale, Emit::kCubin);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  ASSERT_GE(r.artifact.size(), 4u);
  EXPECT_EQ(r.artifact.substr(0, 4), "\x7f" "ELF");
}

class RealNvccFatbin : public RealNvcc, public ::testing::WithParamInterface<std::string> {};

TEST_P(RealNvccFatbin, CompilesForEverySupportedArch) {
  NvccResult r = compile(kScale, Emit::kFatbin, GetParam());
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  // A fatbin starts with the magic 0xBA55ED50, little-endian.
  ASSERT_GE(r.artifact.size(), 4u);
  EXPECT_EQ(r.artifact.substr(0, 4), "\x50\xed\x55\xba");
}

INSTANTIATE_TEST_SUITE_P(SupportedArchs, RealNvccFatbin, ::testing::ValuesIn(supportedArchs()));

TEST_F(RealNvcc, CompileErrorIsParsedWithFileAndLine) {
  NvccResult r = compile(
      "extern \"C\" __global__ void k(float *p) {\n"
      "  int y;\n"
      "  p[0] = x;\n"
      "}\n");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.artifact.empty());
  ASSERT_FALSE(r.diagnostics.empty());
  const Diagnostic *error = nullptr;
  const Diagnostic *warning = nullptr;
  for (const Diagnostic &d : r.diagnostics) {
    if (d.severity == Severity::kError && !error) error = &d;
    if (d.severity == Severity::kWarning && !warning) warning = &d;
  }
  ASSERT_TRUE(error) << allText(r.diagnostics);
  EXPECT_EQ(error->file, "kernel.cu");
  EXPECT_EQ(error->line, 3u);
  EXPECT_EQ(error->column, 10u);
  EXPECT_EQ(error->message, "identifier \"x\" is undefined");
  EXPECT_EQ(error->tool, "nvcc");
  ASSERT_TRUE(warning) << allText(r.diagnostics);
  EXPECT_EQ(warning->line, 2u);
  EXPECT_EQ(allText(r.diagnostics).find(work_root_.path()), std::string::npos) << allText(r.diagnostics);
}

TEST_F(RealNvcc, WarningsComeWithTheArtifact) {
  NvccResult r = compile("extern \"C\" __global__ void k(float *p) {\n  int y;\n  p[0] = 1.0f;\n}\n");
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  ASSERT_EQ(r.diagnostics.size(), 1u) << allText(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(r.diagnostics[0].message, "variable \"y\" was declared but never referenced [#177-D]");
}

TEST_F(RealNvcc, PtxasErrorsNameTheIntermediateStably) {
  NvccResult r = compile("extern \"C\" __global__ void k(float *p) { asm volatile(\"bogus.instr;\"); }\n");
  EXPECT_FALSE(r.ok());
  bool found = false;
  for (const Diagnostic &d : r.diagnostics)
    if (d.tool == "ptxas" && d.file == "kernel.ptx" && d.line > 0) found = true;
  EXPECT_TRUE(found) << allText(r.diagnostics);
  EXPECT_EQ(allText(r.diagnostics).find("tmpxft"), std::string::npos) << allText(r.diagnostics);
}

TEST_F(RealNvcc, IncludeOfAHostFileOutsideTheSandboxFails) {
  if (!bwrap_usable_) GTEST_SKIP() << "bwrap is not usable here, so nvcc would run unsandboxed";
  WorkDir outside = test::scratchDir();
  test::writeText(outside.file("secret.h"), "int kiln_secret_marker = 42;\n");
  NvccResult r = compile("#include \"" + outside.file("secret.h") + "\"\n" + kScale);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.artifact.empty());
  EXPECT_TRUE(hasErrors(r.diagnostics));
  std::string text = allText(r.diagnostics);
  EXPECT_NE(text.find("secret.h"), std::string::npos) << text;
  EXPECT_EQ(text.find("kiln_secret_marker"), std::string::npos) << text;
}

TEST_F(RealNvcc, IncludeOfEtcShadowDoesNotLeakIt) {
  if (!bwrap_usable_) GTEST_SKIP() << "bwrap is not usable here, so nvcc would run unsandboxed";
  std::string shadow = test::readText("/etc/shadow");
  NvccResult r = compile("#include \"/etc/shadow\"\n" + std::string(kScale));
  EXPECT_FALSE(r.ok());
  std::string text = allText(r.diagnostics);
  EXPECT_EQ(text.find("root:"), std::string::npos) << text;
  if (!shadow.empty()) {
    EXPECT_EQ(text.find(shadow.substr(0, shadow.find('\n'))), std::string::npos);
  }
}

TEST_F(RealNvcc, WorkDirIsRemovedAfterEveryCompile) {
  compile(kScale);
  EXPECT_EQ(entriesIn(work_root_.path()), 0u);
  compile("this is not CUDA");
  EXPECT_EQ(entriesIn(work_root_.path()), 0u);
  compile(kScale, Emit::kCubin, "sm_70");
  EXPECT_EQ(entriesIn(work_root_.path()), 0u);
}

TEST_F(RealNvcc, TimeoutIsReported) {
  NvccConfig config = config_;
  config.timeout = std::chrono::milliseconds(1);
  NvccDiscovery found = NvccDriver::discover(config);
  ASSERT_TRUE(found.driver);
  NvccResult r = found.driver->compile(NvccJob{kScale, "sm_90", Emit::kCubin});
  EXPECT_TRUE(r.artifact.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u) << allText(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kError);
  EXPECT_EQ(r.diagnostics[0].message, "nvcc timed out after 1 ms");
  EXPECT_EQ(entriesIn(work_root_.path()), 0u);
}

TEST_F(RealNvcc, UnsupportedArchIsRejectedWithoutRunningAnything) {
  for (std::string arch : {"sm_70", "sm_90; rm -rf /", "", "compute_90", "sm_90 -o /etc/passwd"}) {
    NvccResult r = compile(kScale, Emit::kCubin, arch);
    EXPECT_TRUE(r.artifact.empty()) << arch;
    ASSERT_EQ(r.diagnostics.size(), 1u) << arch;
    EXPECT_NE(r.diagnostics[0].message.find("unsupported GPU architecture"), std::string::npos);
    EXPECT_TRUE(r.argv.empty()) << arch;
    EXPECT_TRUE(r.launched_argv.empty()) << arch;
    EXPECT_EQ(r.wall_ms, 0) << arch;
  }
}

TEST_F(RealNvcc, UnsandboxedModeStillCompilesAndSaysSo) {
  NvccConfig config = config_;
  config.sandbox.mode = SandboxMode::kNever;
  NvccDiscovery found = NvccDriver::discover(config);
  ASSERT_TRUE(found.driver);
  NvccResult r = found.driver->compile(NvccJob{kScale, "sm_80", Emit::kPtx});
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  EXPECT_FALSE(r.sandboxed);
  EXPECT_NE(r.sandbox_note.find("disabled"), std::string::npos);
  EXPECT_EQ(r.launched_argv, r.argv);
}

TEST_F(RealNvcc, OversizedSourceIsRejected) {
  NvccConfig config = config_;
  config.max_input_bytes = 10;
  NvccDiscovery found = NvccDriver::discover(config);
  ASSERT_TRUE(found.driver);
  NvccResult r = found.driver->compile(NvccJob{kScale, "sm_90", Emit::kPtx});
  EXPECT_TRUE(r.argv.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].message.find("over the limit"), std::string::npos);
}

}  // namespace
}  // namespace kiln::nvidia
