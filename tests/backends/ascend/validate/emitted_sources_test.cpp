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
    // A pair the Backend refuses has no code to check; the refusal must be
    // one of the located ones the README's table lists, never anything else.
    ASSERT_TRUE(hasErrors(compiled.diagnostics)) << "no AscendC and no error";
    const std::string &why = compiled.diagnostics.front().message;
    EXPECT_TRUE(why.rfind("[ascend.mixed-cores]", 0) == 0 || why.rfind("[ascend.unsupported]", 0) == 0 ||
                why.rfind("[oracle.capacity]", 0) == 0)
        << formatHeadline(compiled.diagnostics.front());
    return;
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

// The checks read kiln's real output, not only hand-written cases: planted
// edits of an emitted kernel are caught at the edited line.
TEST(EmittedSourceEdits, PlantedBugsInEmittedCodeAreCaught) {
  std::filesystem::path path = std::filesystem::path(KILN_SHARED_DIR_HINT) / "softmax_rows.mlir";
  CompileRequest request;
  request.source = {"softmax_rows.mlir", test::readFile(path)};
  request.target = "ascend910b2";
  request.emit = {Emit::kAscendC};
  CompileResult compiled = backendWithoutTools().compile(request);
  std::string text;
  for (const Artifact &a : compiled.artifacts)
    if (a.kind == "ascendc") text = a.bytes;
  ASSERT_FALSE(text.empty());
  std::string error;
  AscendTarget target = *findAscendTarget("ascend910b2", "", error);
  auto findings = [&](const std::string &edited) {
    std::string all;
    for (const Diagnostic &d : validateAscendC({"k.cpp", edited}, target).diagnostics)
      all += formatHeadline(d) + "\n";
    return all;
  };
  ASSERT_EQ(findings(text).find("error"), std::string::npos);
  auto edit = [&](const std::string &from, const std::string &to) {
    size_t at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    std::string out = text;
    if (at != std::string::npos) out.replace(at, from.size(), to);
    return out;
  };
  // A copy of 4095 floats: not whole 32 B blocks.
  EXPECT_NE(findings(edit("], 4096);", "], 4095);")).find("error: [ascendc.datacopy-align] DataCopy of 4095 float"),
            std::string::npos);
  // A UB buffer past 192 KiB.
  EXPECT_NE(findings(edit("pipe.InitBuffer(scratchBuf, 1056)", "pipe.InitBuffer(scratchBuf, 200000)"))
                .find("error: [ascendc.capacity]"),
            std::string::npos);
  // Two EnQues on a depth-1 queue.
  EXPECT_NE(findings(edit("inQueue0.EnQue(b0);", "inQueue0.EnQue(b0);\n    inQueue0.EnQue(b0);"))
                .find("error: [ascendc.queue-depth] EnQue on 'inQueue0' leaves 2 tensors queued"),
            std::string::npos);
  // The tensor freed twice.
  EXPECT_NE(findings(edit("inQueue0.FreeTensor(b0);", "inQueue0.FreeTensor(b0);\n    inQueue0.FreeTensor(b0);"))
                .find("error: [ascendc.tensor-balance] 'b0' is freed twice"),
            std::string::npos);
  // The entry without C linkage.
  EXPECT_NE(findings(edit("extern \"C\" __global__", "__global__")).find("error: [ascendc.entry] kernel 'softmax_rows'"),
            std::string::npos);
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
