// `kiln check FILE.cpp|FILE.asc`: kiln's AscendC validations from the
// command line, in the thin kiln itself (it links no LLVM): located, coded
// findings, the exit codes of the other inputs, the default target
// (ascend910b2), JSON and SARIF, and refusals of a non-Ascend target.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

test::ProcessResult kiln(std::vector<std::string> args) {
  args.insert(args.begin(), (test::binDir() / "kiln").string());
  return test::runProcess(args);
}

struct TempFile {
  std::filesystem::path path;
  TempFile(const std::string &name, const std::string &text)
      : path(std::filesystem::temp_directory_path() / ("kiln-ascendc-check-" + std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

const std::string kClean = "#include \"kernel_operator.h\"\nextern \"C\" __global__ __aicore__ void add(GM_ADDR x) {}\n";
const std::string kUnordered =
    "#include \"kernel_operator.h\"\n"
    "using namespace AscendC;\n"
    "extern \"C\" __global__ __aicore__ void k(GM_ADDR x) {\n"
    "  TQue<QuePosition::VECIN, 1> q; GlobalTensor<float> g;\n"
    "  LocalTensor<float> t = q.AllocTensor<float>();\n"
    "  DataCopy(t, g, 64);\n"
    "}\n";

TEST(KilnCheckAscendC, ACleanKernelPassesAndCountsItsEntries) {
  TempFile file("clean.cpp", kClean);
  test::ProcessResult r = kiln({"check", file.path.string(), "--format", "json"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["target"], "ascend910b2");
  EXPECT_EQ(report["checked"], 1);
  EXPECT_EQ(report["ok"], true);
}

TEST(KilnCheckAscendC, FindingsAreLocatedCodedAndFailTheRun) {
  TempFile file("hostile.asc", "#include \"/etc/passwd\"\n" + kClean);
  test::ProcessResult r = kiln({"check", file.path.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(":1:10: error: [ascendc.include] #include \"/etc/passwd\": an absolute path"),
            std::string::npos)
      << r.err;
}

TEST(KilnCheckAscendC, TheTargetDecidesTheSyncSeverity) {
  TempFile file("sync.cpp", kUnordered);
  test::ProcessResult warned = kiln({"check", file.path.string()});
  EXPECT_EQ(warned.exit_code, 0) << "a warning on ascend910b2: " << warned.err;
  EXPECT_NE(warned.err.find(":6:3: warning: [ascendc.sync]"), std::string::npos) << warned.err;
  test::ProcessResult failed = kiln({"check", file.path.string(), "--target", "ascend310p3"});
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_NE(failed.err.find(":6:3: error: [ascendc.sync]"), std::string::npos) << failed.err;
}

TEST(KilnCheckAscendC, SarifNamesTheRule) {
  TempFile file("sync.cpp", kUnordered);
  test::ProcessResult r = kiln({"check", file.path.string(), "--target", "ascend310p3", "--format", "sarif"});
  EXPECT_EQ(r.exit_code, 1);
  nlohmann::json sarif = nlohmann::json::parse(r.out);
  EXPECT_EQ(sarif["runs"][0]["results"][0]["ruleId"], "ascendc.sync") << r.out;
}

TEST(KilnCheckAscendC, DeviceOverridesReachTheCapacityCheck) {
  TempFile file("cap.cpp", kClean +
                               "class K { __aicore__ inline void Init() { pipe.InitBuffer(q, 1, 4096); }\n"
                               "  TPipe pipe; TQue<TPosition::VECIN, 1> q; };\n");
  EXPECT_EQ(kiln({"check", file.path.string()}).exit_code, 0);
  TempFile spec("spec.json", R"({"ascend910b2": {"ub": 2048}})");
  test::ProcessResult r = kiln({"check", file.path.string(), "--device-spec", spec.path.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("[ascendc.capacity]"), std::string::npos) << r.err;
}

TEST(KilnCheckAscendC, ANonAscendTargetIsAUsageError) {
  TempFile file("clean.cpp", kClean);
  test::ProcessResult r = kiln({"check", file.path.string(), "--target", "sm_90"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("AscendC runs on Ascend NPUs"), std::string::npos) << r.err;
}

TEST(KilnCheckAscendC, BinaryJunkIsALocatedFinding) {
  TempFile file("junk.cpp", std::string("int a;\n\x7f\x45\x4c\x46\x02\x01\x01\x00\x00", 16));
  test::ProcessResult r = kiln({"check", file.path.string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(":2:8: error: [ascendc.input] a NUL byte"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kiln
