// kiln-ascendc-model-run's contract: per written tensor a "max error" line
// with PASS/FAIL, and exit 0 (match), 1 (mismatch or model error) or 2
// (bad input, located error, compile error).
#include <gtest/gtest.h>

#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

std::string tool() { return (test::binDir() / "kiln-ascendc-model-run").string(); }
std::string example(const std::string &name) { return (std::filesystem::path(KILN_SHARED_DIR_HINT) / name).string(); }

TEST(AscendCModelRunTool, AMatchingKernelPassesWithExitZero) {
  test::ProcessResult r = test::runProcess({tool(), example("softmax_rows.mlir"), "--target", "ascend910b2"}, "",
                                           std::chrono::seconds(300));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("kernel @softmax_rows: pass"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("arg1: max error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("PASS"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("arg0: max error"), std::string::npos) << "only written tensors are listed: " << r.out;
}

TEST(AscendCModelRunTool, ALocatedRefusalExitsTwoWithTheDiagnostic) {
  test::ProcessResult r = test::runProcess({tool(), example("gemm.mlir"), "--target", "ascend310p3"}, "",
                                           std::chrono::seconds(300));
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("gemm.mlir:13:13: error: [ascend.unsupported] tile.matmul"), std::string::npos) << r.err;
}

TEST(AscendCModelRunTool, AModelErrorExitsOneWithTheModelsMessage) {
  test::ProcessResult r = test::runProcess(
      {tool(), example("vec_add.mlir"), "--target", "ascend950", "--plant", "deque-empty"}, "", std::chrono::seconds(300));
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("kernel @vec_add: model error"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[model.deque-empty] DeQue"), std::string::npos) << r.out;
}

TEST(AscendCModelRunTool, BadInputExitsTwo) {
  EXPECT_EQ(test::runProcess({tool(), example("vec_add.mlir"), "--target", "ascend999"}).exit_code, 2);
  EXPECT_EQ(test::runProcess({tool(), example("vec_add.mlir"), "--target", "ascend910b2", "--kernel", "nope"}).exit_code, 2);
  EXPECT_EQ(test::runProcess({tool(), "/nonexistent.mlir", "--target", "ascend910b2"}).exit_code, 2);
  EXPECT_EQ(test::runProcess({tool()}).exit_code, 2);
}

}  // namespace
}  // namespace kiln
