// The memory planner on every example and every NVIDIA target.
#include <gtest/gtest.h>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "tests/support/test_files.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/module_loader.h"
#include "worker/plan/inline_helpers.h"
#include "worker/plan/planner.h"

namespace kiln::plan {
namespace {

struct Planned {
  LoadedModule loaded;
  std::vector<PlanResult> plans;
};

Planned planSource(const std::string &name, const std::string &text, const std::string &arch) {
  Planned out;
  out.loaded = loadModule({name, text});
  EXPECT_TRUE(out.loaded.ok());
  if (!out.loaded.ok()) return out;
  EXPECT_TRUE(mlir::succeeded(inlineHelpers(*out.loaded.module)));
  auto target = findNvidiaTarget(arch);
  for (auto func : out.loaded.module->getOps<mlir::func::FuncOp>())
    if (func->hasAttr(tile::TileDialect::kKernelAttrName)) out.plans.push_back(planKernel(func, *target));
  return out;
}

Planned planFile(const std::filesystem::path &file, const std::string &arch) {
  return planSource(file.filename().string(), test::readFile(file), arch);
}

class PlannerExampleTest
    : public ::testing::TestWithParam<std::tuple<std::filesystem::path, std::string>> {};

TEST_P(PlannerExampleTest, BuffersLiveTogetherNeverOverlap) {
  auto [file, arch] = GetParam();
  Planned planned = planFile(file, arch);
  ASSERT_FALSE(planned.plans.empty());
  for (const PlanResult &result : planned.plans) {
    const KernelPlan &plan = result.plan;
    EXPECT_EQ(plan.target, arch);
    EXPECT_EQ(plan.block_threads, 256);
    for (const Buffer &a : plan.buffers) {
      EXPECT_EQ(a.offset % 16, 0);
      EXPECT_EQ(a.bytes, a.rows * a.cols * dtypeBytes(a.dtype));
      EXPECT_LE(a.offset + a.bytes, plan.shared_bytes);
      EXPECT_GT(a.loc.line, 0u);
      for (const Buffer &b : plan.buffers) {
        if (a.id >= b.id || a.live_end < b.live_begin || b.live_end < a.live_begin) continue;
        EXPECT_TRUE(a.offset + a.bytes <= b.offset || b.offset + b.bytes <= a.offset)
            << plan.kernel << ": buffers " << a.id << " and " << b.id;
      }
    }
    // Every tile value of the kernel has a buffer.
    EXPECT_FALSE(result.buffer_of.empty());
    auto target = findNvidiaTarget(arch);
    EXPECT_EQ(plan.dynamic_shared, plan.shared_bytes > target->static_shared_limit);
    EXPECT_EQ(result.ok(), plan.shared_bytes <= target->max_shared_per_block);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Examples, PlannerExampleTest,
    ::testing::Combine(::testing::ValuesIn(test::allExamples()), ::testing::ValuesIn(nvidiaTargetNames())),
    [](const auto &info) {
      return test::testName(std::get<0>(info.param).stem().string() + "_" + std::get<1>(info.param));
    });

TEST(Planner, ElementwiseResultReusesADyingOperand) {
  Planned p = planFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "vec_add.mlir", "sm_90");
  ASSERT_EQ(p.plans.size(), 1u);
  // Two loads; the add is computed over the first, which dies at it.
  EXPECT_EQ(p.plans[0].plan.buffers.size(), 2u);
  EXPECT_EQ(p.plans[0].plan.shared_bytes, 2048);
  EXPECT_FALSE(p.plans[0].plan.dynamic_shared);
}

TEST(Planner, GemmAccumulatesInTheLoopCarriedBuffer) {
  Planned p = planFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "gemm.mlir", "sm_90");
  ASSERT_EQ(p.plans.size(), 1u);
  const KernelPlan &plan = p.plans[0].plan;
  // zero constant, carried accumulator (which the matmul writes in place),
  // and the two operand tiles; the zero dies when the loop starts, so an
  // operand tile reuses its memory: 3 x 16 KiB, just within static smem.
  EXPECT_EQ(plan.buffers.size(), 4u);
  EXPECT_EQ(plan.shared_bytes, 3 * 16384);
  EXPECT_FALSE(plan.dynamic_shared);
  int yieldCopies = 0;
  for (const PlannedOp &op : plan.ops)
    if (op.name == "scf.yield" && op.operands != op.results) ++yieldCopies;
  EXPECT_EQ(yieldCopies, 0) << "the matmul should write the carried buffer directly";
}

TEST(Planner, AttentionNeedsDynamicSharedMemoryOnHopper) {
  Planned p = planFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "attention_block.mlir", "sm_90");
  ASSERT_EQ(p.plans.size(), 1u);
  EXPECT_TRUE(p.plans[0].ok());
  EXPECT_TRUE(p.plans[0].plan.dynamic_shared);
  EXPECT_EQ(p.plans[0].plan.shared_bytes, 106496);
}

TEST(Planner, KernelThatCannotFitFailsAtThePeakOp) {
  Planned p = planFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "attention_block.mlir", "sm_86");
  ASSERT_EQ(p.plans.size(), 1u);
  ASSERT_FALSE(p.plans[0].ok());
  const Diagnostic &d = p.plans[0].diagnostics.at(0);
  EXPECT_EQ(d.file, "attention_block.mlir");
  EXPECT_EQ(d.line, 10u);
  EXPECT_NE(d.message.find("needs 106496 bytes of shared memory on sm_86, but a block can have at most 101376"),
            std::string::npos)
      << d.message;
  EXPECT_NE(d.message.find("tile.matmul"), std::string::npos);
  EXPECT_GE(d.notes.size(), 3u);
}

TEST(Planner, OverridesChangeTheLimit) {
  NvidiaTargetOverrides overrides;
  overrides.max_shared_per_block = 128 * 1024;
  auto target = findNvidiaTarget("sm_86", overrides);
  ASSERT_TRUE(target);
  EXPECT_EQ(target->max_shared_per_block, 128 * 1024);
  EXPECT_FALSE(findNvidiaTarget("sm_70"));
}

TEST(Planner, HelpersAreInlinedAndPlannedWithTheKernel) {
  Planned p = planFile(test::sourceDir() / "examples" / "helper_and_branch.mlir", "sm_80");
  ASSERT_EQ(p.plans.size(), 1u);
  EXPECT_TRUE(p.plans[0].ok());
  bool sawLoadFromHelper = false;
  for (const PlannedOp &op : p.plans[0].plan.ops) sawLoadFromHelper |= op.name == "tile.load" && op.loc.line == 6;
  EXPECT_TRUE(sawLoadFromHelper) << "the helper's tile.load keeps its own location after inlining";
}

TEST(Planner, RecursiveHelperIsALocatedError) {
  std::string text = R"(func.func @rec(%m: memref<64xf32>) {
  func.call @rec(%m) : (memref<64xf32>) -> ()
  return
}
func.func @k(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  func.call @rec(%m) : (memref<64xf32>) -> ()
  return
}
)";
  Planned p = planSource("rec.mlir", text, "sm_90");
  ASSERT_EQ(p.plans.size(), 1u);
  ASSERT_FALSE(p.plans[0].ok());
  EXPECT_NE(p.plans[0].diagnostics[0].message.find("could not be inlined"), std::string::npos);
  EXPECT_EQ(p.plans[0].diagnostics[0].file, "rec.mlir");
}

std::string kernelWithGrid(const std::string &grid) {
  return "func.func @k(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: " + grid +
         ">} {\n  return\n}\n";
}

TEST(PlannerLaunchLimits, GridsNoGpuCanLaunchAreLocatedErrors) {
  // Issue #13: INT64_MAX^3 and 2^32 reached launch.json.
  const std::string big = "9223372036854775807";
  struct Case {
    std::string grid;
    std::string says;
  } cases[] = {
      {big + ", " + big + ", " + big, "has a grid of 9223372036854775807 along dimension 0 (gridDim.x), but sm_90 "
                                      "launches at most 2147483647 [plan.launch-limits]"},
      {"4294967296", "grid of 4294967296 along dimension 0 (gridDim.x)"},
      {"1, 65536", "grid of 65536 along dimension 1 (gridDim.y), but sm_90 launches at most 65535"},
      {"1, 1, 70000", "along dimension 2 (gridDim.z)"},
  };
  for (const Case &c : cases) {
    Planned p = planSource("grid.mlir", kernelWithGrid(c.grid), "sm_90");
    ASSERT_EQ(p.plans.size(), 1u);
    ASSERT_FALSE(p.plans[0].ok()) << c.grid;
    const Diagnostic &d = p.plans[0].diagnostics.at(0);
    EXPECT_EQ(d.line, 1u);
    EXPECT_NE(d.message.find(c.says), std::string::npos) << d.message;
  }
  for (const std::string grid : {"2147483647", "2147483647, 65535, 65535"})
    EXPECT_TRUE(planSource("grid.mlir", kernelWithGrid(grid), "sm_90").plans.at(0).ok()) << grid;
}

}  // namespace
}  // namespace kiln::plan
