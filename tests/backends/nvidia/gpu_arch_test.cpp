// gpu_arch: only the exact supported spellings reach a command line.
#include "worker/backends/nvidia/toolchain/gpu_arch.h"

#include <gtest/gtest.h>

namespace kiln::nvidia {
namespace {


TEST(GpuArch, SupportedSet) {
  EXPECT_EQ(supportedArchs(),
            (std::vector<std::string>{"sm_75", "sm_80", "sm_86", "sm_89", "sm_90", "sm_90a", "sm_100", "sm_100a",
                                      "sm_120", "sm_120a"}));
  for (const std::string &arch : supportedArchs()) EXPECT_FALSE(checkArch(arch, "nvcc")) << arch;
}

TEST(GpuArch, RejectsEverythingElse) {
  for (std::string arch : {"sm_70", "sm_90b", "sm_89a", "compute_90", "SM_90", " sm_90", "sm_90 ", "sm_90; rm -rf /",
                           "", "-arch=sm_90", "sm_9"}) {
    std::optional<Diagnostic> d = checkArch(arch, "nvcc");
    ASSERT_TRUE(d) << arch;
    EXPECT_EQ(d->severity, Severity::kError);
    EXPECT_EQ(d->tool, "nvcc");
  }
  EXPECT_EQ(checkArch("sm_70", "nvcc")->message,
            "unsupported GPU architecture 'sm_70' (supported: sm_75, sm_80, sm_86, sm_89, sm_90, sm_90a, sm_100, "
            "sm_100a, sm_120, sm_120a)");
  EXPECT_EQ(baseArch("sm_90a"), "sm_90");
  EXPECT_EQ(baseArch("sm_90"), "sm_90");
}

TEST(GpuArch, UnprintableArchIsNotEchoed) {
  std::optional<Diagnostic> d = checkArch(std::string("sm_\n\x1b[31m", 9), "ptxas");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->message.find('\x1b'), std::string::npos);
  EXPECT_NE(d->message.find("<9 bytes>"), std::string::npos);
}

TEST(GpuArch, VirtualArch) {
  EXPECT_EQ(virtualArch("sm_90"), "compute_90");
  EXPECT_EQ(virtualArch("sm_120"), "compute_120");
}

}  // namespace
}  // namespace kiln::nvidia
