// ptxas_resources: the numbers of `ptxas -v`, as ptxas 13 prints them.
#include "worker/backends/nvidia/toolchain/ptxas_resources.h"

#include <gtest/gtest.h>

namespace kiln::nvidia {
namespace {


TEST(PtxasResources, ParsesEntryFunctions) {
  std::string output =
      "ptxas info    : 0 bytes gmem\n"
      "ptxas info    : Compiling entry function 'k' for 'sm_90'\n"
      "ptxas info    : Function properties for k\n"
      "    0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads\n"
      "ptxas info    : Used 10 registers, used 1 barriers, 4096 bytes smem\n"
      "ptxas info    : Compile time = 11.286 ms\n";
  std::vector<KernelResources> kernels = parsePtxasResourceUsage(output);
  ASSERT_EQ(kernels.size(), 1u);
  EXPECT_EQ(kernels[0].function, "k");
  EXPECT_EQ(kernels[0].arch, "sm_90");
  EXPECT_EQ(kernels[0].registers, 10u);
  EXPECT_EQ(kernels[0].barriers, 1u);
  EXPECT_EQ(kernels[0].shared_bytes, 4096u);
  EXPECT_EQ(kernels[0].spillBytes(), 0u);
}

TEST(PtxasResources, ParsesSpillsAndSeveralFunctions) {
  std::string output =
      "ptxas warning : For profile sm_90 adjusting per thread register count of 16 to lower bound of 24\n"
      "ptxas info    : 0 bytes gmem\n"
      "ptxas info    : Function properties for _Z6helperv\n"
      "    16 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads\n"
      "ptxas info    : Compiling entry function 'heavy' for 'sm_90'\n"
      "ptxas info    : Function properties for heavy\n"
      "    9792 bytes stack frame, 9792 bytes spill stores, 20636 bytes spill loads\n"
      "ptxas info    : Used 32 registers, used 0 barriers, 9792 bytes cumulative stack size\n"
      "ptxas info    : Compiling entry function 'light' for 'sm_90'\n"
      "ptxas info    : Function properties for light\n"
      "    0 bytes stack frame, 0 bytes spill stores, 0 bytes spill loads\n"
      "ptxas info    : Used 8 registers, 400 bytes smem, 360 bytes cmem[0]\n";
  std::vector<KernelResources> kernels = parsePtxasResourceUsage(output);
  ASSERT_EQ(kernels.size(), 3u);
  EXPECT_EQ(kernels[0].function, "_Z6helperv");
  EXPECT_EQ(kernels[0].arch, "");
  EXPECT_EQ(kernels[0].stack_frame_bytes, 16u);
  EXPECT_EQ(kernels[1].function, "heavy");
  EXPECT_EQ(kernels[1].registers, 32u);
  EXPECT_EQ(kernels[1].stack_frame_bytes, 9792u);
  EXPECT_EQ(kernels[1].spill_store_bytes, 9792u);
  EXPECT_EQ(kernels[1].spill_load_bytes, 20636u);
  EXPECT_EQ(kernels[1].spillBytes(), 9792u + 20636u);
  EXPECT_EQ(kernels[2].function, "light");
  EXPECT_EQ(kernels[2].registers, 8u);
  EXPECT_EQ(kernels[2].shared_bytes, 400u);
}

TEST(PtxasResources, NothingFromOtherOutput) {
  EXPECT_TRUE(parsePtxasResourceUsage("").empty());
  std::string failed = "ptxas fatal   : Ptx assembly aborted due to errors\n    Used 5 registers\n";
  EXPECT_TRUE(parsePtxasResourceUsage(failed).empty());
}

}  // namespace
}  // namespace kiln::nvidia
