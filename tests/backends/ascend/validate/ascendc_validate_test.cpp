// Every validation through its case file: each file under cases/ holds
// inputs (split by `// -----`) that break one check, with the diagnostics
// they must give as expected-error/-warning/-note lines, and inputs that must
// stay clean. A chunk's `// target: NAME` line picks the Ascend target
// (default ascend910b2).
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "tests/support/expected_diagnostics.h"
#include "tests/support/test_files.h"
#include "worker/backends/ascend/validate/ascendc_validation.h"

namespace kiln::ascend {
namespace {

std::filesystem::path casesDir() { return test::sourceDir() / "tests/backends/ascend/validate/cases"; }

std::vector<std::filesystem::path> caseFiles() {
  std::vector<std::filesystem::path> out;
  for (const auto &entry : std::filesystem::directory_iterator(casesDir()))
    if (entry.path().extension() == ".cpp") out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

AscendTarget targetNamed(const std::string &name) {
  std::string error;
  std::optional<AscendTarget> t = findAscendTarget(name, "", error);
  if (!t) ADD_FAILURE() << "no target " << name << " " << error;
  return t.value_or(AscendTarget{});
}

std::string chunkTarget(const std::string &text) {
  static const std::regex pattern(R"(// target: ([a-z0-9]+))");
  std::smatch m;
  return std::regex_search(text, m, pattern) ? m[1].str() : "ascend910b2";
}

std::string describe(const std::vector<Diagnostic> &diagnostics) {
  std::string out;
  for (const Diagnostic &d : diagnostics) {
    out += formatHeadline(d) + "\n";
    for (const Diagnostic &n : d.notes) out += "  " + formatHeadline(n) + "\n";
  }
  return out;
}

class CaseFileTest : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(CaseFileTest, ReportsExactlyWhatTheFileExpects) {
  std::string name = GetParam().filename().string();
  int violating = 0, clean = 0;
  for (const test::Chunk &chunk : test::splitInputFile(test::readFile(GetParam()))) {
    AscendTarget target = targetNamed(chunkTarget(chunk.text));
    AscendCValidation result = validateAscendC({name, chunk.text}, target);
    std::vector<test::Expectation> expected = test::parseExpectations(chunk.text);
    EXPECT_EQ(test::checkExpectations(expected, result.diagnostics), "")
        << name << " chunk at line " << chunk.first_line << " on " << target.name << ":\n"
        << describe(result.diagnostics);
    bool expectsFinding = std::any_of(expected.begin(), expected.end(),
                                      [](const test::Expectation &e) { return e.severity != Severity::kNote; });
    (expectsFinding ? violating : clean)++;
    for (const Diagnostic &d : result.diagnostics) {
      EXPECT_EQ(d.file, name);
      EXPECT_EQ(d.message.rfind("[ascendc.", 0), 0u) << d.message;
    }
  }
  EXPECT_GE(violating, 1) << name << " shows no violation";
  EXPECT_GE(clean, 1) << name << " shows no clean input";
}

INSTANTIATE_TEST_SUITE_P(Cases, CaseFileTest, ::testing::ValuesIn(caseFiles()),
                         [](const auto &info) { return test::testName(info.param.stem().string()); });

TEST(CaseFiles, CoverEveryRule) {
  std::string all;
  for (const auto &file : caseFiles()) all += test::readFile(file);
  for (const char *code : {"ascendc.input", "ascendc.include", "ascendc.entry", "ascendc.sync", "ascendc.capacity",
                           "ascendc.datacopy-align", "ascendc.tensor-balance", "ascendc.queue-depth"})
    EXPECT_NE(all.find(std::string("[") + code + "]"), std::string::npos) << code;
}

TEST(AscendCValidation, EntryPointsAreListedInOrder) {
  AscendCValidation r = validateAscendC(
      {"k.cpp", "extern \"C\" __global__ __aicore__ void b(GM_ADDR x) {}\n"
                "__aicore__ inline void helper() {}\n"
                "extern \"C\" __global__ __aicore__ void a(GM_ADDR x) {}\n"},
      targetNamed("ascend910b2"));
  EXPECT_TRUE(r.ok()) << describe(r.diagnostics);
  EXPECT_EQ(r.entry_points, (std::vector<std::string>{"b", "a"}));
}

TEST(AscendCValidation, AFileWithoutKernelsIsAnErrorAboutTheWholeFile) {
  AscendCValidation r = validateAscendC({"none.cpp", "__aicore__ inline void helper() {}\n"}, targetNamed("ascend910b2"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.diagnostics[0].line, 0u);
  EXPECT_NE(r.diagnostics[0].message.find("[ascendc.entry] no kernel entry"), std::string::npos);
  EXPECT_TRUE(r.entry_points.empty());
}

TEST(AscendCValidation, TheVersionNamesTheValidator) {
  EXPECT_EQ(std::string(kAscendCValidationVersion).rfind("kiln-ascendc-validate.", 0), 0u);
}

}  // namespace
}  // namespace kiln::ascend
