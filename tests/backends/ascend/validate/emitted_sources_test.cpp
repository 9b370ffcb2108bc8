// Every AscendC file kiln's own emitter writes (the Backend's `--emit
// ascendc` artifact) for the shared and examples/ kernels, on every Ascend
// target, passes the validations: no error and no warning, every
// InitBuffer bounded, and its entry points are extern "C" kernels of the text. A pair the Backend refuses
// (a located error before any code) has nothing to check.
#include <gtest/gtest.h>

#include "tests/support/test_files.h"
#include "worker/backends/ascend/ascend_backend.h"
#include "worker/backends/ascend/validate/ascendc_validation.h"

namespace kiln::ascend {
namespace {

AscendBackend backendWithoutTools() {
  Config config;
  config.bisheng.path_override = "/nonexistent/kiln-test/ascend";
  config.ptoas.path_override = "/nonexistent/kiln-test/ascend";
  return AscendBackend(Toolchains::discover(config));
}

class EmittedSourceTest : public ::testing::TestWithParam<std::tuple<std::filesystem::path, std::string>> {};

TEST_P(EmittedSourceTest, PassesEveryValidation) {
  auto [path, targetName] = GetParam();
  CompileRequest request;
  request.source = {path.filename().string(), test::readFile(path)};
  request.target = targetName;
  request.emit = {Emit::kAscendC};
  CompileResult compiled = backendWithoutTools().compile(request);
  const Artifact *cpp = nullptr;
  for (const Artifact &a : compiled.artifacts)
    if (a.kind == "ascendc") cpp = &a;
  if (!cpp) {
    ASSERT_TRUE(hasErrors(compiled.diagnostics)) << "no AscendC and no error";
    GTEST_SKIP() << "refused: " << formatHeadline(compiled.diagnostics.front());
  }
  std::string error;
  std::optional<AscendTarget> target = findAscendTarget(targetName, "", error);
  ASSERT_TRUE(target) << error;
  std::string text(cpp->bytes.begin(), cpp->bytes.end());
  AscendCValidation result = validateAscendC({cpp->name, text}, *target);
  std::string problems;
  for (const Diagnostic &d : result.diagnostics)
    if (d.severity == Severity::kError || d.severity == Severity::kWarning) problems += formatDiagnostic(d, text) + "\n";
  EXPECT_EQ(problems, "") << text;
  // kiln writes every InitBuffer size as a literal: each one is bounded.
  for (const Diagnostic &d : result.diagnostics)
    EXPECT_EQ(d.message.find("cannot bound"), std::string::npos) << formatDiagnostic(d, text);
  EXPECT_FALSE(result.entry_points.empty());
  for (const std::string &entry : result.entry_points)
    EXPECT_NE(text.find("extern \"C\" __global__ __aicore__ void " + entry + "("), std::string::npos) << entry;
}

INSTANTIATE_TEST_SUITE_P(Examples, EmittedSourceTest,
                         ::testing::Combine(::testing::ValuesIn(test::allExamples()),
                                            ::testing::ValuesIn(ascendTargetNames())),
                         [](const auto &info) {
                           return test::testName(std::get<0>(info.param).stem().string() + "_" +
                                                 std::get<1>(info.param));
                         });

}  // namespace
}  // namespace kiln::ascend
