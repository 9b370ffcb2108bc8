// Control flow in PTO: tile iter_args and if results are plan buffers
// (filled by a copy where the plan gave the first or yielded value a
// buffer of its own), scalar iter_args and results stay scf values.
#include <gtest/gtest.h>

#include <cstdlib>
#include <iostream>

#include "tests/backends/ascend/pto/pto_emit_support.h"

namespace kiln::ascend::test {
namespace {

const char *kRunningSum = R"(func.func @running_sum(%x: memref<64x64xf32>, %y: memref<16x64xf32>)
    attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %first = tile.load %x[%c0, %c0] : memref<64x64xf32> -> !tile.tile<8x64xf32>
  %acc, %n = scf.for %k = %c1 to %c8 step %c1 iter_args(%s = %first, %j = %c1) -> (!tile.tile<8x64xf32>, index) {
    %t = tile.load %x[%k, %c0] : memref<64x64xf32> -> !tile.tile<8x64xf32>
    %u = tile.add %s, %t : !tile.tile<8x64xf32>
    %j1 = arith.addi %j, %c1 : index
    scf.yield %u, %j1 : !tile.tile<8x64xf32>, index
  }
  %last = arith.cmpi eq, %n, %c8 : index
  %r, %w = scf.if %last -> (!tile.tile<8x64xf32>, index) {
    %h = tile.mul %acc, %acc : !tile.tile<8x64xf32>
    scf.yield %h, %c1 : !tile.tile<8x64xf32>, index
  } else {
    scf.yield %acc, %c0 : !tile.tile<8x64xf32>, index
  }
  tile.store %r, %y[%w, %c0] : !tile.tile<8x64xf32>, memref<16x64xf32>
  return
}
)";

class PtoControlTest : public ::testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(PtoControlTest, LoopsAndBranchesRoundTripClean) {
  auto [targetName, level] = GetParam();
  AscendTarget t = target(targetName);
  Emitted e = emit("running_sum.mlir", kRunningSum, t, level);
  ASSERT_TRUE(e.source.ok) << (e.diagnostics.empty() ? "" : formatDiagnostic(e.diagnostics.front()));
  const std::string &text = e.source.text;
  if (std::getenv("KILN_PTO_PRINT")) std::cout << text;
  // The index counter is carried by scf; the tile is its buffer.
  EXPECT_NE(text.find("iter_args(%iter0 = %c1) -> (index)"), std::string::npos) << text;
  EXPECT_NE(text.find("scf.yield %v0 : index"), std::string::npos) << text;
  EXPECT_NE(text.find("= scf.if"), std::string::npos) << text;
  EXPECT_NE(text.find("-> (index)"), std::string::npos) << text;
  // The first tile keeps the plan buffer of its load (the planner gives a
  // loop its own buffer): it is copied in before the loop.
  std::vector<std::string> ops = ptoOps(text);
  ASSERT_GE(ops.size(), 3u);
  auto load = std::find(ops.begin(), ops.end(), "pto.tload");
  ASSERT_NE(load, ops.end());
  EXPECT_EQ(*(load + 1), "pto.tmov");
  EXPECT_LT(text.find("pto.tmov"), text.find("scf.for")) << text;
  oracle::PtoReadResult read = oracle::readPto(text, "running_sum.pto");
  EXPECT_EQ(roundTripProblems(read, t.device), "") << text;
}

INSTANTIATE_TEST_SUITE_P(Targets, PtoControlTest,
                         ::testing::Combine(::testing::Values("ascend910b2", "ascend910c", "ascend950"),
                                            ::testing::Values(2, 3)),
                         [](const auto &info) {
                           return std::get<0>(info.param) + "_level" + std::to_string(std::get<1>(info.param));
                         });

}  // namespace
}  // namespace kiln::ascend::test
