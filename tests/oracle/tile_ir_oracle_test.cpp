// The oracle over plans the Tile IR planners build: every example is clean
// on sm_80, sm_90 and ascend910b2, a deliberately faulty planner is caught,
// and a kernel a device cannot hold fails at a named op.
#include <gtest/gtest.h>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "tests/support/test_files.h"
#include "worker/ir/tile_dialect.h"
#include "worker/ir/module_loader.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/plan/inline_helpers.h"
#include "worker/plan/plan_for_target.h"

namespace kiln::oracle {
namespace {

struct Planned {
  LoadedModule loaded;
  std::vector<plan::PlanResult> plans;
};

Planned planFile(const std::filesystem::path &file, const std::string &target, bool faulty = false) {
  Planned out;
  out.loaded = loadModule({file.filename().string(), test::readFile(file)});
  EXPECT_TRUE(out.loaded.ok()) << file;
  if (!out.loaded.ok()) return out;
  EXPECT_TRUE(mlir::succeeded(plan::inlineHelpers(*out.loaded.module)));
  auto device = findDeviceSpec(target);
  EXPECT_TRUE(device) << target;
  plan::PlannerConfig config;
  config.faulty_overlap = faulty;
  for (auto func : out.loaded.module->getOps<mlir::func::FuncOp>())
    if (func->hasAttr(tile::TileDialect::kKernelAttrName))
      out.plans.push_back(plan::planForDevice(func, *device, config));
  return out;
}

std::string describe(const std::vector<Diagnostic> &diagnostics) {
  std::string out;
  for (const Diagnostic &d : diagnostics) out += formatDiagnostic(d) + "\n";
  return out;
}

int countCode(const std::vector<Diagnostic> &diagnostics, const std::string &code) {
  int n = 0;
  for (const Diagnostic &d : diagnostics) n += d.message.rfind("[" + code + "]", 0) == 0;
  return n;
}

std::filesystem::path shared(const std::string &name) { return std::filesystem::path(KILN_SHARED_DIR_HINT) / name; }
std::filesystem::path local(const std::string &name) { return test::sourceDir() / "tests/oracle/tile_ir" / name; }

class ExampleOracleTest : public ::testing::TestWithParam<std::tuple<std::filesystem::path, std::string>> {};

TEST_P(ExampleOracleTest, PlanIsCleanUnderEveryCheck) {
  auto [file, target] = GetParam();
  Planned planned = planFile(file, target);
  ASSERT_FALSE(planned.plans.empty());
  auto device = findDeviceSpec(target);
  for (const plan::PlanResult &result : planned.plans) {
    ASSERT_TRUE(result.ok()) << describe(result.diagnostics);
    std::vector<Diagnostic> findings = checkPlan(result.plan, *device);
    EXPECT_TRUE(findings.empty()) << result.plan.kernel << " on " << target << ":\n" << describe(findings);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Examples, ExampleOracleTest,
    ::testing::Combine(::testing::ValuesIn(test::allExamples()),
                       ::testing::Values("sm_80", "sm_90", "ascend910b2")),
    [](const auto &info) {
      return test::testName(std::get<0>(info.param).stem().string() + "_" + std::get<1>(info.param));
    });

TEST(AscendPlanner, GemmPutsTheCubeOperandsInL0AndTheAccumulatorInL0C) {
  Planned p = planFile(shared("gemm.mlir"), "ascend910b2");
  ASSERT_EQ(p.plans.size(), 1u);
  const plan::KernelPlan &plan = p.plans[0].plan;
  const plan::PlannedOp *matmul = nullptr;
  for (const plan::PlannedOp &op : plan.ops)
    if (op.name == "tile.matmul") matmul = &op;
  ASSERT_TRUE(matmul);
  ASSERT_EQ(matmul->operands.size(), 3u);
  EXPECT_EQ(plan.buffers[matmul->operands[0]].space, plan::MemorySpace::kL0A);
  EXPECT_EQ(plan.buffers[matmul->operands[1]].space, plan::MemorySpace::kL0B);
  EXPECT_EQ(plan.buffers[matmul->operands[2]].space, plan::MemorySpace::kL0C);
  EXPECT_EQ(plan.buffers[matmul->results[0]].space, plan::MemorySpace::kL0C);
  // The loads feed only the cube, so they land in L1 and are moved to L0.
  int moves = 0;
  for (const plan::PlannedOp &op : plan.ops) moves += op.name.rfind("kiln.move_to_l0", 0) == 0;
  EXPECT_EQ(moves, 2);
  for (const plan::Buffer &b : plan.buffers) {
    if (b.space == plan::MemorySpace::kL0A || b.space == plan::MemorySpace::kL0B) {
      EXPECT_EQ(b.offset % 512, 0);
    }
    if (b.space == plan::MemorySpace::kL0C) {
      EXPECT_EQ(b.offset % 64, 0);
    }
  }
}

TEST(AscendPlanner, AttentionMovesTheScoresFromL0CToUbForVectorWork) {
  Planned p = planFile(shared("attention_block.mlir"), "ascend910b2");
  ASSERT_EQ(p.plans.size(), 1u);
  bool movedToUb = false;
  for (const plan::PlannedOp &op : p.plans[0].plan.ops)
    movedToUb |= op.name == "kiln.move_to_ub" && op.loc.line == 11;  // tile.scale reads the L0C scores
  EXPECT_TRUE(movedToUb);
}

TEST(AscendPlanner, KernelThatCannotFitNamesTheOp) {
  Planned p = planFile(local("ub_overflow.mlir"), "ascend910b2");
  ASSERT_EQ(p.plans.size(), 1u);
  ASSERT_FALSE(p.plans[0].ok());
  const Diagnostic &d = p.plans[0].diagnostics.at(0);
  EXPECT_EQ(d.file, "ub_overflow.mlir");
  EXPECT_EQ(d.line, 6u);  // the second load: both 128 KiB tiles are live from here
  EXPECT_NE(d.message.find("[oracle.capacity] kernel @ub_overflow needs 262144 bytes of ub on ascend910b2, "
                           "which has 196608; at this tile.load"),
            std::string::npos)
      << d.message;
  EXPECT_EQ(d.notes.size(), 2u);
  // ascend310p3's UB (256 KiB, unconfirmed) holds it.
  Planned big = planFile(local("ub_overflow.mlir"), "ascend310p3");
  EXPECT_TRUE(big.plans.at(0).ok()) << describe(big.plans[0].diagnostics);
}

class FaultyPlannerTest : public ::testing::TestWithParam<std::string> {};

// The planner's own test proves it never overlaps buffers; this proves the
// oracle would notice if it did.
TEST_P(FaultyPlannerTest, OverlappedBuffersAreCaught) {
  for (const char *example : {"gemm.mlir", "attention_block.mlir", "layernorm.mlir"}) {
    Planned p = planFile(shared(example), GetParam(), /*faulty=*/true);
    ASSERT_EQ(p.plans.size(), 1u);
    std::vector<Diagnostic> findings = checkAliasing(p.plans[0].plan);
    EXPECT_GE(countCode(findings, "oracle.aliasing") + countCode(findings, "oracle.linear-use"), 1)
        << example << " on " << GetParam();
    for (const Diagnostic &d : findings) {
      EXPECT_EQ(d.file, example);
      EXPECT_GT(d.line, 0u);
      EXPECT_FALSE(d.notes.empty());
    }
    // The same example planned correctly is clean.
    Planned good = planFile(shared(example), GetParam());
    EXPECT_TRUE(checkAliasing(good.plans.at(0).plan).empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Targets, FaultyPlannerTest, ::testing::Values("sm_80", "sm_90", "ascend910b2"));

TEST(TileIrOracle, UnusedLoadIsADeadTileWarning) {
  for (const char *target : {"sm_90", "ascend910b2"}) {
    Planned p = planFile(local("dead_load.mlir"), target);
    ASSERT_EQ(p.plans.size(), 1u);
    std::vector<Diagnostic> findings = checkPlan(p.plans[0].plan, *findDeviceSpec(target));
    ASSERT_EQ(findings.size(), 1u) << describe(findings);
    EXPECT_EQ(findings[0].severity, Severity::kWarning);
    EXPECT_EQ(findings[0].line, 6u);
    EXPECT_NE(findings[0].message.find("[oracle.dead-tile] the 32x32xf32 tile from tile.load is written by "
                                       "tile.load but never read"),
              std::string::npos)
        << findings[0].message;
  }
}

TEST(TileIrOracle, ConstantTileCoordinatesPastTheMemrefAreErrors) {
  for (const char *target : {"sm_90", "ascend910b2"}) {
    Planned p = planFile(local("constant_oob.mlir"), target);
    ASSERT_EQ(p.plans.size(), 1u);
    std::vector<Diagnostic> findings = checkPlan(p.plans[0].plan, *findDeviceSpec(target));
    ASSERT_EQ(countCode(findings, "oracle.constant-oob"), 3) << describe(findings);
    std::vector<Diagnostic> oob;
    for (const Diagnostic &d : findings)
      if (d.message.rfind("[oracle.constant-oob]", 0) == 0) oob.push_back(d);
    EXPECT_EQ(oob[0].line, 9u);
    EXPECT_EQ(oob[0].severity, Severity::kError);
    EXPECT_EQ(oob[0].message,
              "[oracle.constant-oob] tile.load reads tile 99 along index 0 of arg0, which holds 16 tiles along it "
              "(0..15)");
    EXPECT_EQ(oob[1].line, 11u);
    EXPECT_NE(oob[1].message.find("tile.store writes tile -1 along index 0 of arg0"), std::string::npos);
    EXPECT_EQ(oob[2].line, 16u);
    EXPECT_NE(oob[2].message.find("reads tile 2 along index 1 of arg1, which holds 2 tiles along it (0..1)"),
              std::string::npos);
  }
}

}  // namespace
}  // namespace kiln::oracle
