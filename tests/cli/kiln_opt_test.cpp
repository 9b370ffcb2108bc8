// kiln-opt: mlir-opt with the tile dialect. It must print what the front end
// prints and reject what the front end rejects.
#include <gtest/gtest.h>

#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"
#include "worker/pipeline/frontend.h"

namespace kiln {
namespace {

std::string kilnOpt() { return (test::binDir() / "kiln-opt").string(); }

TEST(KilnOpt, HelpExitsZero) {
  auto r = test::runProcess({kilnOpt(), "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("tile-verify-kernel-rules"), std::string::npos);
}

TEST(KilnOpt, PrintsEveryExampleAsTheFrontEndDoes) {
  for (const auto &file : test::allExamples()) {
    auto r = test::runProcess({kilnOpt(), file.string()});
    ASSERT_EQ(r.exit_code, 0) << file << r.err;
    PrintResult expected = printSource({file.string(), test::readFile(file)}, PrintForm::kCustom);
    // mlir-opt ends its output with one more newline than the module printer.
    EXPECT_EQ(r.out, expected.text + "\n") << file;
    auto again = test::runProcess({kilnOpt(), "-"}, r.out);
    EXPECT_EQ(again.out, r.out) << file;
  }
}

TEST(KilnOpt, RunsUpstreamPassesOnTileIR) {
  auto file = std::filesystem::path(KILN_SHARED_DIR_HINT) / "layernorm.mlir";
  auto r = test::runProcess({kilnOpt(), "--canonicalize", "--cse", file.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("tile.rsqrt"), std::string::npos);
}

TEST(KilnOpt, RejectsTileOpsOutsideKernelScope) {
  std::string text = R"(func.func @orphan() {
  %t = tile.constant 0.0 : !tile.tile<4x4xf32>
  return
}
)";
  auto r = test::runProcess({kilnOpt(), "-"}, text);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("<stdin>:2:8: error: 'tile.constant' op is outside any tile.kernel function"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace kiln
