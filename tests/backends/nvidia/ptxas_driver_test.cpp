// ptxas_driver against the real ptxas in /usr/local/cuda, fed PTX that the
// real nvcc produced: cubins, -v resource usage, and parsed errors.
#include "worker/backends/nvidia/toolchain/ptxas_driver.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "tests/toolchain/toolchain_test_util.h"
#include "worker/backends/nvidia/toolchain/nvcc_driver.h"

namespace kiln::nvidia {
namespace {

using namespace kiln::toolchain;

constexpr const char *kShared =
    "extern \"C\" __global__ void stage(float *p) {\n"
    "  __shared__ float s[1024];\n"
    "  s[threadIdx.x] = p[threadIdx.x];\n"
    "  __syncthreads();\n"
    "  p[threadIdx.x] = s[(threadIdx.x + 1) % 1024] * 2.0f;\n"
    "}\n";

std::string allText(const std::vector<Diagnostic> &diagnostics) {
  std::string text;
  for (const Diagnostic &d : diagnostics) text += formatDiagnostic(d);
  return text;
}

TEST(PtxasArguments, AreBuiltFromArchOnly) {
  EXPECT_EQ(PtxasDriver::arguments("sm_90"),
            (std::vector<std::string>{"-arch=sm_90", "-v", "-o", "kernel.cubin", "kernel.ptx"}));
  PtxasOptions quiet;
  quiet.verbose = false;
  EXPECT_EQ(PtxasDriver::arguments("sm_90", quiet),
            (std::vector<std::string>{"-arch=sm_90", "-o", "kernel.cubin", "kernel.ptx"}));
}

class RealPtxas : public ::testing::Test {
 protected:
  void SetUp() override {
    KILN_REQUIRE_CUDA_TOOL("ptxas");
    KILN_REQUIRE_CUDA_TOOL("nvcc");
    config_.search = test::realCudaSearch();
    config_.sandbox.work_root = work_root_.path();
    PtxasDiscovery found = PtxasDriver::discover(config_);
    ASSERT_TRUE(found.driver) << allText(found.diagnostics);
    driver_.emplace(std::move(*found.driver));
  }

  // PTX from the real nvcc, so the test feeds ptxas what kiln will.
  std::string ptxOf(const std::string &source, const std::string &arch) {
    NvccConfig nvcc_config;
    nvcc_config.search = test::realCudaSearch();
    nvcc_config.sandbox.work_root = work_root_.path();
    NvccDiscovery nvcc = NvccDriver::discover(nvcc_config);
    EXPECT_TRUE(nvcc.driver);
    if (!nvcc.driver) return {};
    NvccResult r = nvcc.driver->compile(NvccJob{source, arch, Emit::kPtx});
    EXPECT_TRUE(r.ok()) << allText(r.diagnostics);
    return r.artifact;
  }

  size_t entriesIn() const {
    size_t count = 0;
    for (const auto &entry : std::filesystem::directory_iterator(work_root_.path())) {
      (void)entry;
      ++count;
    }
    return count;
  }

  WorkDir work_root_ = test::scratchDir();
  PtxasConfig config_;
  std::optional<PtxasDriver> driver_;
};

TEST_F(RealPtxas, AssemblesNvccPtxAndReportsResourceUsage) {
  std::string ptx = ptxOf(kShared, "sm_90");
  ASSERT_FALSE(ptx.empty());
  PtxasResult r = driver_->assemble(PtxasJob{ptx, "sm_90"});
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  EXPECT_EQ(r.artifact.substr(0, 4), "\x7f" "ELF");
  EXPECT_EQ(r.argv, (std::vector<std::string>{driver_->identity().path, "-arch=sm_90", "-v", "-o",
                                              "kernel.cubin", "kernel.ptx"}));
  ASSERT_EQ(r.resources.size(), 1u);
  const KernelResources &k = r.resources[0];
  EXPECT_EQ(k.function, "stage");
  EXPECT_EQ(k.arch, "sm_90");
  EXPECT_GT(k.registers, 0u);
  EXPECT_EQ(k.shared_bytes, 4096u);
  EXPECT_EQ(k.barriers, 1u);
  EXPECT_EQ(k.spillBytes(), 0u);
  bool remark = false;
  for (const Diagnostic &d : r.diagnostics) {
    EXPECT_EQ(d.severity, Severity::kRemark) << formatDiagnostic(d);
    EXPECT_EQ(d.tool, "ptxas");
    if (d.message.find("registers") != std::string::npos) remark = true;
  }
  EXPECT_TRUE(remark) << allText(r.diagnostics);
  EXPECT_EQ(entriesIn(), 0u);
}

TEST_F(RealPtxas, AssemblesForANewerArchThanThePtxTarget) {
  std::string ptx = ptxOf(kShared, "sm_80");
  PtxasResult r = driver_->assemble(PtxasJob{ptx, "sm_120"});
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  ASSERT_EQ(r.resources.size(), 1u);
  EXPECT_EQ(r.resources[0].arch, "sm_120");
}

TEST_F(RealPtxas, PtxErrorsAreParsedWithFileAndLine) {
  std::string ptx = ptxOf(kShared, "sm_90");
  size_t at = ptx.find("bar.sync");
  ASSERT_NE(at, std::string::npos) << ptx;
  ptx.replace(at, 8, "bogus.op");
  unsigned line = 1;
  for (size_t i = 0; i < at; ++i) line += ptx[i] == '\n';
  PtxasResult r = driver_->assemble(PtxasJob{ptx, "sm_90"});
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.artifact.empty());
  bool located = false;
  for (const Diagnostic &d : r.diagnostics)
    if (d.severity == Severity::kError && d.file == "kernel.ptx" && d.line == line) located = true;
  EXPECT_TRUE(located) << "expected an error at kernel.ptx:" << line << "\n" << allText(r.diagnostics);
  EXPECT_EQ(allText(r.diagnostics).find(work_root_.path()), std::string::npos);
}

TEST_F(RealPtxas, TooMuchSharedMemoryIsAnError) {
  std::string source = kShared;
  source.replace(source.find("s[1024]"), 7, "s[50000]");
  std::string ptx = ptxOf(source, "sm_90");
  PtxasResult r = driver_->assemble(PtxasJob{ptx, "sm_90"});
  EXPECT_FALSE(r.ok());
  bool found = false;
  for (const Diagnostic &d : r.diagnostics)
    if (d.severity == Severity::kError && d.message.find("too much shared data") != std::string::npos)
      found = true;
  EXPECT_TRUE(found) << allText(r.diagnostics);
}

TEST_F(RealPtxas, UnsupportedArchIsRejectedWithoutRunningAnything) {
  PtxasResult r = driver_->assemble(PtxasJob{".version 9.0\n", "sm_70"});
  EXPECT_TRUE(r.argv.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].tool, "ptxas");
  EXPECT_NE(r.diagnostics[0].message.find("unsupported GPU architecture 'sm_70'"), std::string::npos);
}

TEST_F(RealPtxas, TimeoutIsReported) {
  PtxasConfig config = config_;
  config.timeout = std::chrono::milliseconds(1);
  PtxasDiscovery found = PtxasDriver::discover(config);
  ASSERT_TRUE(found.driver);
  PtxasResult r = found.driver->assemble(PtxasJob{".version 9.0\n.target sm_90\n", "sm_90"});
  ASSERT_EQ(r.diagnostics.size(), 1u) << allText(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].message, "ptxas timed out after 1 ms");
}

}  // namespace
}  // namespace kiln::nvidia
