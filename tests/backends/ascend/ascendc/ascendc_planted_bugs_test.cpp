// The faulty-emitter mode plants one discipline or alignment bug into
// vec_add's AscendC. With the model's checks, the run stops with that
// rule's message, naming the AscendC op; compiled with
// -DKILN_ASCEND_MODEL_UNCHECKED the same code runs to its end, so each of
// these tests fails without the check it is about.
#include <gtest/gtest.h>

#include "tests/support/test_files.h"
#include "worker/backends/ascend/lower/ascendc/runner/model_run.h"

namespace kiln::ascend::lower {
namespace {

struct Planted {
  PlantedBug bug;
  const char *name;
  const char *rule;  // the model's rule code
  const char *op;    // the AscendC call the message names
};

const Planted kPlanted[] = {
    {PlantedBug::kDequeEmpty, "DequeEmpty", "[model.deque-empty]", "DeQue"},
    {PlantedBug::kQueueOverfill, "QueueOverfill", "[model.alloc-exhausted]", "AllocTensor"},
    {PlantedBug::kUseAfterFree, "UseAfterFree", "[model.use-after-free]", "Add"},
    {PlantedBug::kOverCapacity, "OverCapacity", "[model.capacity]", "InitBuffer"},
    {PlantedBug::kUnalignedStart, "UnalignedStart", "[model.misaligned]", "DataCopy"},
    {PlantedBug::kShortCopy, "ShortCopy", "[model.short-copy]", "DataCopy"},
};

ModelRunResult runPlanted(PlantedBug bug, bool unchecked) {
  std::filesystem::path file = test::sourceDir() / "../shared/examples/vec_add.mlir";
  if (!std::filesystem::exists(file)) file = std::filesystem::path(KILN_SHARED_DIR_HINT) / "vec_add.mlir";
  ModelRunOptions options;
  options.target = "ascend910b2";
  options.emit.planted_bug = bug;
  options.unchecked = unchecked;
  return runOnModel({file.string(), test::readFile(file)}, options);
}

class PlantedBugTest : public ::testing::TestWithParam<Planted> {};

TEST_P(PlantedBugTest, TheModelStopsTheRunNamingTheRuleAndTheOp) {
  const Planted &p = GetParam();
  ModelRunResult result = runPlanted(p.bug, /*unchecked=*/false);
  ASSERT_EQ(result.status, ModelRunStatus::kModelError) << modelRunStatusName(result.status);
  ASSERT_EQ(result.kernels.size(), 1u);
  const std::string &message = result.kernels[0].message;
  EXPECT_NE(message.find("kiln AscendC model: error: "), std::string::npos) << message;
  EXPECT_NE(message.find(p.rule), std::string::npos) << message;
  EXPECT_NE(message.find(std::string("] ") + p.op), std::string::npos) << "the message starts with the op: " << message;
  EXPECT_NE(result.source.find("planted"), std::string::npos) << "the bug is marked in the emitted text";
}

TEST_P(PlantedBugTest, WithoutTheModelsChecksTheSameCodeRunsToItsEnd) {
  ModelRunResult result = runPlanted(GetParam().bug, /*unchecked=*/true);
  EXPECT_NE(result.status, ModelRunStatus::kModelError)
      << (result.kernels.empty() ? "" : result.kernels[0].message);
  EXPECT_NE(result.status, ModelRunStatus::kCompileError)
      << (result.kernels.empty() ? "" : result.kernels[0].message);
}

TEST(PlantedBugTest, TheUnplantedKernelPasses) {
  EXPECT_EQ(runPlanted(PlantedBug::kNone, false).status, ModelRunStatus::kPass);
}

// A plan whose offsets InitBuffer cannot reproduce is refused, not emitted
// with the tiles somewhere the oracle never checked.
TEST(PlantedBugTest, APlanMadeWithoutTheInitBufferOrderIsRefused) {
  std::filesystem::path file = std::filesystem::path(KILN_SHARED_DIR_HINT) / "layernorm.mlir";
  ModelRunOptions options;
  options.target = "ascend910b2";
  options.liveness_plan = true;
  ModelRunResult result = runOnModel({file.string(), test::readFile(file)}, options);
  ASSERT_EQ(result.status, ModelRunStatus::kLocatedError) << modelRunStatusName(result.status);
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_NE(formatHeadline(result.diagnostics[0]).find("layernorm.mlir:2:1: error: [ascend.plan-mismatch]"),
            std::string::npos)
      << formatHeadline(result.diagnostics[0]);
}

INSTANTIATE_TEST_SUITE_P(Bugs, PlantedBugTest, ::testing::ValuesIn(kPlanted),
                         [](const auto &info) { return std::string(info.param.name); });

}  // namespace
}  // namespace kiln::ascend::lower
