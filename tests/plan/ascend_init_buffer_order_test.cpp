// The Ascend planner's kInitBufferOrder placement, which the AscendC
// emitter relies on: UB buffers sit back to back in buffer-id order, each
// for the whole kernel (a double-buffered queue twice), with the emitter's
// vector scratch last; a kernel whose buffers do not all fit gets the
// located capacity error at the tile that overflows, even where the
// liveness plan (the default, unchanged) fits.
#include <gtest/gtest.h>

#include <map>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "tests/support/test_files.h"
#include "worker/ir/module_loader.h"
#include "worker/ir/tile_dialect.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/oracle/device/device_spec.h"
#include "worker/plan/ascend_planner.h"
#include "worker/plan/inline_helpers.h"

namespace kiln::plan {
namespace {

struct Planned {
  LoadedModule loaded;
  std::vector<PlanResult> plans;
};

Planned planAscend(const std::string &name, const std::string &text, AscendPlacement placement,
                   const std::string &target = "ascend910b2") {
  Planned out;
  out.loaded = loadModule({name, text});
  EXPECT_TRUE(out.loaded.ok());
  if (!out.loaded.ok()) return out;
  EXPECT_TRUE(mlir::succeeded(inlineHelpers(*out.loaded.module)));
  PlannerConfig config;
  config.ascend_placement = placement;
  oracle::DeviceSpec device = *oracle::findDeviceSpec(target);
  for (auto func : out.loaded.module->getOps<mlir::func::FuncOp>())
    if (func->hasAttr(tile::TileDialect::kKernelAttrName))
      out.plans.push_back(planKernelForAscend(func, device, config));
  return out;
}

class InitBufferOrderTest : public ::testing::TestWithParam<std::filesystem::path> {};

TEST_P(InitBufferOrderTest, UbBuffersSitBackToBackInIdOrder) {
  std::filesystem::path file = GetParam();
  Planned planned = planAscend(file.filename().string(), test::readFile(file), AscendPlacement::kInitBufferOrder);
  ASSERT_FALSE(planned.plans.empty());
  for (const PlanResult &result : planned.plans) {
    std::map<int, int> copies;
    for (auto &[value, id] : result.buffer_of)
      if (result.plan.buffers[id].defined_by == "tile.load") copies[id] = std::max(copies[id], ascendBufferCopies(value));
    int64_t next = 0;
    int scratch = 0;
    for (const Buffer &b : result.plan.buffers) {
      if (b.space != MemorySpace::kUB) continue;
      EXPECT_EQ(b.offset, next) << result.plan.kernel << " buffer " << b.id;
      EXPECT_EQ(b.offset % 32, 0);
      next += (b.bytes + 31) / 32 * 32 * (copies.count(b.id) ? copies[b.id] : 1);
      if (b.defined_by == kAscendScratchDefiner) {
        ++scratch;
        EXPECT_EQ(b.id, static_cast<int>(result.plan.buffers.size()) - 1) << "the scratch is the last buffer";
      }
    }
    EXPECT_LE(scratch, 1);
  }
}

// The plan the AscendC code uses is the plan the oracle checks: where it
// fits, it is clean under every check, on every Ascend target.
TEST_P(InitBufferOrderTest, PlansThatFitAreCleanUnderTheOracle) {
  std::filesystem::path file = GetParam();
  for (const char *target : {"ascend910b2", "ascend910b3", "ascend910c", "ascend310p3", "ascend950"}) {
    Planned planned =
        planAscend(file.filename().string(), test::readFile(file), AscendPlacement::kInitBufferOrder, target);
    oracle::DeviceSpec device = *oracle::findDeviceSpec(target);
    for (const PlanResult &result : planned.plans) {
      if (!result.ok()) continue;
      std::vector<Diagnostic> findings = oracle::checkPlan(result.plan, device);
      std::string text;
      for (const Diagnostic &d : findings) text += formatHeadline(d) + "\n";
      EXPECT_FALSE(hasErrors(findings)) << target << ":\n" << text;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, InitBufferOrderTest, ::testing::ValuesIn(test::allExamples()),
                         [](const auto &info) { return test::testName(info.param.stem().string()); });

TEST(InitBufferOrder, ReductionsGetTheEmittersScratchAndPlainKernelsNone) {
  std::filesystem::path dir = KILN_SHARED_DIR_HINT;
  for (auto [name, wanted] : {std::pair<const char *, bool>{"softmax_rows.mlir", true}, {"vec_add.mlir", false}}) {
    Planned planned = planAscend(name, test::readFile(dir / name), AscendPlacement::kInitBufferOrder);
    ASSERT_EQ(planned.plans.size(), 1u);
    bool has = false;
    for (const Buffer &b : planned.plans[0].plan.buffers)
      if (b.defined_by == kAscendScratchDefiner) {
        has = true;
        // softmax_rows: 32 rows of 128 f32: 32 slots of 32 B and the ReduceMax scratch.
        EXPECT_EQ(b.bytes, 32 * 32 + ascendReduceTmpElems(128, 4) * 4);
      }
    EXPECT_EQ(has, wanted) << name;
  }
}

TEST(InitBufferOrder, LoadsStreamedInALoopAreDoubleBuffered) {
  const char *text = R"(
func.func @stream(%x: memref<64x256xf32>, %y: memref<64x256xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  scf.for %k = %c0 to %c4 step %c1 {
    %t = tile.load %x[%k, %c0] : memref<64x256xf32> -> !tile.tile<16x256xf32>
    %e = tile.exp %t : !tile.tile<16x256xf32>
    tile.store %e, %y[%k, %c0] : !tile.tile<16x256xf32>, memref<64x256xf32>
  }
  %z = tile.constant 0.0 : !tile.tile<16x256xf32>
  tile.store %z, %y[%c0, %c0] : !tile.tile<16x256xf32>, memref<64x256xf32>
  return
}
)";
  Planned planned = planAscend("stream.mlir", text, AscendPlacement::kInitBufferOrder);
  ASSERT_EQ(planned.plans.size(), 1u);
  const KernelPlan &plan = planned.plans[0].plan;
  ASSERT_TRUE(planned.plans[0].ok());
  ASSERT_EQ(plan.buffers.size(), 2u);
  EXPECT_EQ(plan.buffers[0].defined_by, "tile.load");
  EXPECT_EQ(plan.buffers[0].bytes, 16 * 256 * 4);
  EXPECT_EQ(plan.buffers[1].offset, 2 * plan.buffers[0].bytes) << "the streamed load's queue holds two buffers";
}

TEST(InitBufferOrder, TilesThatFitByLivenessButNotSideBySideAreALocatedError) {
  // Four 64 KiB tiles, each dead before the next is loaded: the liveness
  // plan needs 64 KiB of the 192 KiB UB; InitBuffer's regions need 256 KiB.
  std::string text = R"(
func.func @four(%x: memref<256x256xf32>, %y: memref<256x256xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %a = tile.load %x[%c0, %c0] : memref<256x256xf32> -> !tile.tile<64x256xf32>
  tile.store %a, %y[%c0, %c0] : !tile.tile<64x256xf32>, memref<256x256xf32>
  %b = tile.load %x[%c1, %c0] : memref<256x256xf32> -> !tile.tile<64x256xf32>
  tile.store %b, %y[%c1, %c0] : !tile.tile<64x256xf32>, memref<256x256xf32>
  %c = tile.load %x[%c2, %c0] : memref<256x256xf32> -> !tile.tile<64x256xf32>
  tile.store %c, %y[%c2, %c0] : !tile.tile<64x256xf32>, memref<256x256xf32>
  %d = tile.load %x[%c3, %c0] : memref<256x256xf32> -> !tile.tile<64x256xf32>
  tile.store %d, %y[%c3, %c0] : !tile.tile<64x256xf32>, memref<256x256xf32>
  return
}
)";
  Planned liveness = planAscend("four.mlir", text, AscendPlacement::kLiveness);
  ASSERT_EQ(liveness.plans.size(), 1u);
  EXPECT_TRUE(liveness.plans[0].ok());
  Planned bumped = planAscend("four.mlir", text, AscendPlacement::kInitBufferOrder);
  ASSERT_EQ(bumped.plans.size(), 1u);
  ASSERT_FALSE(bumped.plans[0].ok());
  const Diagnostic &d = bumped.plans[0].diagnostics.at(0);
  EXPECT_EQ(d.file, "four.mlir");
  EXPECT_EQ(d.line, 14u) << "the fourth load, the one that ends past the UB";
  EXPECT_NE(d.message.find("[oracle.capacity]"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("262144 bytes of ub"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace kiln::plan
