// Every plan check through the PTO-MLIR front end: each file under
// pto_checks/ holds inputs that break one check, with the diagnostics they
// must give as MLIR-style expectations, and inputs that must stay clean.
// Then `kiln check` on .pto, .mlir and .ptx from the command line.
#include <gtest/gtest.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/expected_diagnostics.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/oracle/pto/pto_frontend.h"

namespace kiln::oracle {
namespace {

std::filesystem::path checksDir() { return test::sourceDir() / "tests/oracle/pto_checks"; }

std::vector<std::filesystem::path> checkFiles() {
  std::vector<std::filesystem::path> out;
  for (const auto &entry : std::filesystem::directory_iterator(checksDir()))
    if (entry.path().extension() == ".pto") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

class PtoCheckFileTest : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(PtoCheckFileTest, ReportsExactlyWhatTheFileExpects) {
  std::string name = GetParam().filename().string();
  std::string text = test::readFile(GetParam());
  int violating = 0, clean = 0;
  for (const test::Chunk &chunk : test::splitInputFile(text)) {
    PtoReadResult read = readPto(chunk.text, name);
    ASSERT_TRUE(read.diagnostics.empty()) << formatDiagnostic(read.diagnostics.front());
    ASSERT_EQ(read.functions.size(), 1u) << name << " line " << chunk.first_line;
    std::vector<Diagnostic> findings = checkPlan(read.functions[0], *findDeviceSpec("ascend910b2"));
    std::vector<test::Expectation> expected = test::parseExpectations(chunk.text);
    EXPECT_EQ(test::checkExpectations(expected, findings), "") << name << " chunk at line " << chunk.first_line;
    (expected.empty() ? clean : violating)++;
  }
  // A file must show both sides of its check.
  EXPECT_GE(violating, 1) << name;
  EXPECT_GE(clean, 1) << name;
}

INSTANTIATE_TEST_SUITE_P(Checks, PtoCheckFileTest, ::testing::ValuesIn(checkFiles()),
                         [](const auto &info) { return test::testName(info.param.stem().string()); });

TEST(PtoCheckFiles, CoverEveryPlanCheck) {
  std::string all;
  for (const auto &file : checkFiles()) all += test::readFile(file);
  for (const char *code : {"oracle.aliasing", "oracle.linear-use", "oracle.capacity", "oracle.alignment",
                           "oracle.op-constraint", "oracle.matmul-bounds", "oracle.dead-tile", "oracle.layout"})
    EXPECT_NE(all.find(std::string("[") + code + "]"), std::string::npos) << code;
}

// --- kiln check --------------------------------------------------------------

test::ProcessResult kiln(std::vector<std::string> args) {
  args.insert(args.begin(), (test::binDir() / "kiln").string());
  return test::runProcess(args);
}

std::string firstChunkOf(const std::string &file) {
  return test::splitInputFile(test::readFile(checksDir() / file)).front().text;
}

struct TempFile {
  std::filesystem::path path;
  TempFile(const std::string &name, const std::string &text)
      : path(std::filesystem::temp_directory_path() / ("kiln-check-" + std::to_string(::getpid()) + "-" + name)) {
    std::ofstream(path) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
};

TEST(KilnCheck, PtoFindingsAreLocatedCodedAndFailTheRun) {
  TempFile file("linear_use.pto", firstChunkOf("linear_use.pto"));
  test::ProcessResult r = kiln({"check", file.path.string()});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find(file.path.string() + ":13:3: error: [oracle.linear-use] pto.tadd reads '%a'"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(":11:3: note: '%b' (16x16xf16) is written here"), std::string::npos) << r.err;
}

TEST(KilnCheck, SarifNamesTheRuleAndTheRelatedLocations) {
  TempFile file("alignment.pto", firstChunkOf("alignment.pto"));
  test::ProcessResult r = kiln({"check", file.path.string(), "--format", "sarif"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  nlohmann::json sarif = nlohmann::json::parse(r.out);
  EXPECT_EQ(sarif["version"], "2.1.0");
  const auto &result = sarif["runs"][0]["results"].at(0);
  EXPECT_EQ(result["ruleId"], "oracle.alignment");
  EXPECT_EQ(result["level"], "error");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 5);
  EXPECT_EQ(sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"], "oracle.alignment");
}

TEST(KilnCheck, DeviceOverridesChangeTheVerdict) {
  TempFile pto("capacity.pto", firstChunkOf("capacity.pto"));
  EXPECT_EQ(kiln({"check", pto.path.string()}).exit_code, 1);
  TempFile spec("spec.json", R"({"ascend910b2": {"ub": 262144}})");
  test::ProcessResult r = kiln({"check", pto.path.string(), "--device-spec", spec.path.string(), "--json"});
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  nlohmann::json report = nlohmann::json::parse(r.out);
  EXPECT_EQ(report["ok"], true);
  EXPECT_EQ(report["checked"], 1);
  TempFile bad("bad.json", R"({"ascend910b2": {"ubx": 1}})");
  r = kiln({"check", pto.path.string(), "--device-spec", bad.path.string()});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("unknown key 'ubx'"), std::string::npos) << r.err;
}

TEST(KilnCheck, TileIrIsPlannedForTheTargetAndChecked) {
  for (const auto &example : test::sharedExamples()) {
    test::ProcessResult r = kiln({"check", example.string(), "--target", "sm_90", "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << example << r.err << r.out;
    nlohmann::json report = nlohmann::json::parse(r.out);
    EXPECT_EQ(report["diagnostics"].size(), 0u) << example;
    EXPECT_GE(report["checked"].get<int>(), 1) << example;
  }
  test::ProcessResult r = kiln({"check", (test::sourceDir() / "tests/oracle/tile_ir/ub_overflow.mlir").string(),
                                "--target", "ascend910b2"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("ub_overflow.mlir:6:8: error: [oracle.capacity] kernel @ub_overflow needs 262144 bytes of ub"),
            std::string::npos)
      << r.err;
}

TEST(KilnCheck, InputKindAndTargetMustAgree) {
  TempFile pto("x.pto", firstChunkOf("alignment.pto"));
  test::ProcessResult r = kiln({"check", pto.path.string(), "--target", "sm_90"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("PTO-MLIR runs on Ascend NPUs"), std::string::npos) << r.err;
  TempFile txt("x.txt", "hello");
  EXPECT_EQ(kiln({"check", txt.path.string()}).exit_code, 2);
  EXPECT_EQ(kiln({"check", pto.path.string(), "--target", "sm_70"}).exit_code, 2);
}

}  // namespace
}  // namespace kiln::oracle
