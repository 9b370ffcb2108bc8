// output_paths: no work-dir path and no tmpxft_ name survives into what a
// client sees.
#include "worker/toolchain/output/output_paths.h"

#include <gtest/gtest.h>

namespace kiln::toolchain {
namespace {

OutputPaths jobPaths() {
  return OutputPaths{"/tmp/kiln-Ab12Cd", {{"kernel.cu", "kernel.cu"}, {"kernel.ptx", "scale.ptx"}}};
}

TEST(OutputPaths, WorkDirPathsBecomeLogicalNames) {
  OutputPaths paths = jobPaths();
  EXPECT_EQ(paths.logicalPath("/tmp/kiln-Ab12Cd/kernel.cu"), "kernel.cu");
  EXPECT_EQ(paths.logicalPath("/tmp/kiln-Ab12Cd/kernel.ptx"), "scale.ptx");
  EXPECT_EQ(paths.logicalPath("kernel.ptx"), "scale.ptx");
  EXPECT_EQ(paths.logicalPath("./kernel.cu"), "kernel.cu");
  EXPECT_EQ(paths.logicalPath("/tmp/kiln-Ab12Cd/other.h"), "other.h");
  EXPECT_EQ(paths.logicalPath("/tmp/kiln-Ab12Cd"), ".");
}

TEST(OutputPaths, PathsOutsideTheWorkDirStay) {
  OutputPaths paths = jobPaths();
  EXPECT_EQ(paths.logicalPath("/usr/local/cuda/include/cuda.h"), "/usr/local/cuda/include/cuda.h");
  EXPECT_EQ(paths.logicalPath("/tmp/kiln-Ab12Cdx/kernel.cu"), "/tmp/kiln-Ab12Cdx/kernel.cu");
}

TEST(OutputPaths, TmpxftNamesLoseTheirRandomPrefix) {
  OutputPaths paths = jobPaths();
  EXPECT_EQ(stripTmpxftPrefix("tmpxft_00002d2d_00000000-6_kernel.ptx"), "kernel.ptx");
  EXPECT_EQ(stripTmpxftPrefix("kernel.ptx"), "kernel.ptx");
  EXPECT_EQ(stripTmpxftPrefix("tmpxft_broken"), "tmpxft_broken");
  EXPECT_EQ(paths.logicalPath("/tmp/kiln-Ab12Cd/tmpxft_00002d2d_00000000-6_kernel.ptx"), "scale.ptx");
  EXPECT_EQ(paths.logicalPath("/tmp/tmpxft_00002d37_00000000-6_kernel.ptx"), "kernel.ptx");
}

TEST(OutputPaths, RewriteReplacesEveryPathInText) {
  OutputPaths paths = jobPaths();
  EXPECT_EQ(paths.rewrite("Output file '/tmp/kiln-Ab12Cd/kernel.cubin' could not be opened"),
            "Output file 'kernel.cubin' could not be opened");
  EXPECT_EQ(paths.rewrite("in \"/tmp/kiln-Ab12Cd/kernel.cu\" and /tmp/tmpxft_00ab_00000000-6_kernel.ptx:"),
            "in \"kernel.cu\" and kernel.ptx:");
  EXPECT_EQ(paths.rewrite("nothing to do here"), "nothing to do here");
  EXPECT_EQ(paths.rewrite(""), "");
}

}  // namespace
}  // namespace kiln::toolchain
