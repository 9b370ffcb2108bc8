// The loop the oracle was built for, closed: every example on every Ascend
// target at both levels either emits PTO that kiln's own PTO front end
// reads back with no diagnostic, that the oracle finds nothing in on the
// target's DeviceSpec, and whose tiles sit (level 3) exactly where kiln's
// plan put them; or it is refused with a located error. Which one is
// written down per pair below, so a change either way is a test failure.
#include <gtest/gtest.h>

#include <map>
#include <regex>

#include "tests/backends/ascend/pto/pto_emit_support.h"
#include "tests/support/test_files.h"

namespace kiln::ascend::test {
namespace {

// "" : the PTO round-trips clean; otherwise the rule code of the refusal.
std::string expectedRefusal(const std::string &example, const std::string &target) {
  // ptoas v0.26 has --pto-arch a3 (910B/910C) and a5 (950) only.
  if (target == "ascend310p3") return "pto.unsupported";
  // attention_block (matmul, scale, softmax, matmul) and
  // mixed_precision_gemm (the K loop, then a vector cast) mix cube and
  // vector work: on these SoCs they are emitted as their phases. The
  // attention block's 64 KiB Kt and V tiles are over PTO's 32 KiB tile limit.
  if (example == "attention_block") return "pto.tile-shape";
  static const std::vector<std::string> clean = {"column_stats", "elementwise_ops",      "gemm",
                                                 "helper_and_branch", "layernorm", "mixed_precision_gemm",
                                                 "softmax_rows", "vec_add"};
  if (std::find(clean.begin(), clean.end(), example) != clean.end()) return "";
  ADD_FAILURE() << example << " is in neither table: decide what its PTO emit must do";
  return "?";
}

// UB bytes kiln's plan covers: scratch must start at or above this.
int64_t planHighWater(const plan::KernelPlan &plan) {
  int64_t top = 0;
  for (const plan::Buffer &b : plan.buffers)
    if (b.space == plan::MemorySpace::kUB) top = std::max(top, b.offset + b.bytes);
  return top;
}

void expectPlacedAsPlanned(const plan::KernelPlan &read, const plan::KernelPlan &planned, int level) {
  static const std::regex planTile(R"(%t(\d+)(_[a-z0-9]+)?)"), scratch(R"(%s\d+)");
  std::smatch m;
  for (const plan::Buffer &b : read.buffers) {
    if (std::regex_match(b.name, m, planTile)) {
      size_t id = std::stoul(m[1]);
      ASSERT_LT(id, planned.buffers.size()) << b.name;
      const plan::Buffer &p = planned.buffers[id];
      EXPECT_EQ(b.space, p.space) << b.name;
      EXPECT_EQ(b.offset, level == 3 ? p.offset : -1) << b.name << " in " << plan::memorySpaceName(b.space);
      EXPECT_EQ(b.valid_rows ? b.valid_rows : b.rows, p.rows) << b.name;
      EXPECT_EQ(b.valid_cols ? b.valid_cols : b.cols, p.cols) << b.name;
    } else if (std::regex_match(b.name, scratch)) {
      EXPECT_EQ(b.space, plan::MemorySpace::kUB) << b.name;
      if (level == 3) EXPECT_GE(b.offset, planHighWater(planned)) << b.name << " is scratch inside the plan";
      else EXPECT_EQ(b.offset, -1) << b.name;
    } else {
      ADD_FAILURE() << "read back a tile kiln does not name: " << b.name;
    }
  }
}

using Param = std::tuple<std::filesystem::path, std::string, int>;
class PtoRoundTripTest : public ::testing::TestWithParam<Param> {};

TEST_P(PtoRoundTripTest, ReadsBackCleanOrIsRefusedWhereItSays) {
  auto [file, targetName, level] = GetParam();
  AscendTarget t = target(targetName);
  Emitted e = emitFile(file, t, level);
  ASSERT_FALSE(e.kernels.empty());
  std::string refusal = expectedRefusal(file.stem().string(), targetName);

  if (!refusal.empty()) {
    EXPECT_FALSE(e.source.ok);
    EXPECT_TRUE(e.source.text.empty());
    EXPECT_TRUE(e.source.kernels.empty());
    ASSERT_FALSE(e.diagnostics.empty()) << "refused without a diagnostic";
    const Diagnostic &d = e.diagnostics.front();
    EXPECT_EQ(d.severity, Severity::kError);
    EXPECT_EQ(d.file, e.file);
    EXPECT_GT(d.line, 0u);
    EXPECT_GT(d.column, 0u);
    EXPECT_EQ(d.message.rfind("[" + refusal + "]", 0), 0u) << formatDiagnostic(d);
    EXPECT_NE(d.message.find(targetName), std::string::npos) << "the message names the target: " << d.message;
    // It points at an op of the kernel, not somewhere made up.
    std::string line(sourceLine(kiln::test::readFile(file), d.line));
    EXPECT_TRUE(line.find("tile.") != std::string::npos || line.find("func.func") != std::string::npos) << line;
    return;
  }

  ASSERT_TRUE(e.source.ok) << (e.diagnostics.empty() ? "no diagnostic" : formatDiagnostic(e.diagnostics.front()));
  EXPECT_TRUE(e.diagnostics.empty());
  ASSERT_EQ(e.source.kernels.size(), e.kernels.size());
  oracle::PtoReadResult read = oracle::readPto(e.source.text, e.file + ".pto");
  EXPECT_EQ(roundTripProblems(read, t.device), "") << e.source.text;
  ASSERT_EQ(read.functions.size(), e.kernels.size());
  for (size_t k = 0; k < e.kernels.size(); ++k) {
    EXPECT_EQ(read.functions[k].kernel, e.source.kernels[k].name);
    EXPECT_EQ(read.functions[k].kernel, e.kernels[k].func.getSymName().str());
    EXPECT_FALSE(read.functions[k].buffers.empty());
    expectPlacedAsPlanned(read.functions[k], e.plans[k].plan, level);
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, PtoRoundTripTest,
                         ::testing::Combine(::testing::ValuesIn(kiln::test::allExamples()),
                                            ::testing::ValuesIn(targetNames()), ::testing::Values(2, 3)),
                         [](const auto &info) {
                           return kiln::test::testName(std::get<0>(info.param).stem().string() + "_" +
                                                       std::get<1>(info.param) + "_level" +
                                                       std::to_string(std::get<2>(info.param)));
                         });

// The five targets and both levels, so no pair above goes untested.
TEST(PtoRoundTrip, CoversEveryTargetAndExample) {
  EXPECT_EQ(targetNames().size(), 5u);
  EXPECT_GE(kiln::test::allExamples().size(), 9u);
}

}  // namespace
}  // namespace kiln::ascend::test
