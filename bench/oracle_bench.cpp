// The safety oracle on synthetic plans of 1k, 10k and 100k tiles: a
// software-pipelined vector kernel as a PTO front end would read it (every
// tile loaded, combined with the tile loaded four steps earlier, stored),
// placed in ascend910b2's UB so that live tiles never overlap. The plan is
// clean, so the time is the checks' own cost, not reporting.
//
// Anchor in the same run: sorting the tiles' (offset, live range) records,
// the floor for any check that has to order tiles at all.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>

#include "worker/oracle/checks/plan_oracle.h"

namespace {

using namespace kiln;

plan::KernelPlan pipelinedPlan(int tiles) {
  constexpr int kDistance = 4;   // a tile is read this many steps after it is loaded
  constexpr int kSlots = 8;      // UB slots in rotation: more than the tiles live at once
  constexpr int64_t kBytes = 2048;
  plan::KernelPlan plan;
  plan.frontend = "pto";
  plan.kernel = "pipelined";
  for (int i = 0; i < tiles; ++i) {
    plan::Buffer b;
    b.id = i;
    b.space = plan::MemorySpace::kUB;
    b.offset = (i % kSlots) * kBytes;
    b.rows = 32;
    b.cols = 32;
    b.dtype = plan::DType::kF16;
    b.bytes = kBytes;
    b.name = "%t" + std::to_string(i);
    b.live_begin = 2 * i;
    b.live_end = 2 * std::min(i + kDistance, tiles - 1) + 1;
    b.defined_by = "pto.tload";
    b.loc = {"bench.pto", static_cast<unsigned>(i + 1), 3};
    plan.buffers.push_back(b);
    plan::PlannedOp load{2 * i, "pto.tload", {}, {i}, {}, {}, {"bench.pto", static_cast<unsigned>(i + 1), 3}};
    plan::PlannedOp add{2 * i + 1, "pto.tadd", {i}, {i}, {}, {}, {"bench.pto", static_cast<unsigned>(i + 1), 9}};
    if (i >= kDistance) add.operands.push_back(i - kDistance);
    plan.ops.push_back(load);
    plan.ops.push_back(add);
  }
  // The last tiles are stored, so none is dead.
  for (int i = std::max(0, tiles - kDistance); i < tiles; ++i)
    plan.ops.push_back({2 * tiles, "pto.tstore", {i}, {}, {}, {}, {"bench.pto", 1, 1}});
  return plan;
}

void BM_CheckPlan(benchmark::State &state) {
  plan::KernelPlan plan = pipelinedPlan(static_cast<int>(state.range(0)));
  oracle::DeviceSpec device = *oracle::findDeviceSpec("ascend910b2");
  for (auto _ : state) {
    std::vector<Diagnostic> findings = oracle::checkPlan(plan, device);
    if (!findings.empty()) state.SkipWithError(findings.front().message.c_str());
    benchmark::DoNotOptimize(findings);
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_SortFloor(benchmark::State &state) {
  plan::KernelPlan plan = pipelinedPlan(static_cast<int>(state.range(0)));
  std::vector<std::tuple<int64_t, int, int>> records;
  for (const plan::Buffer &b : plan.buffers) records.emplace_back(b.offset, b.live_begin, b.live_end);
  std::mt19937 rng(7);
  for (auto _ : state) {
    state.PauseTiming();
    std::shuffle(records.begin(), records.end(), rng);
    state.ResumeTiming();
    std::sort(records.begin(), records.end());
    benchmark::DoNotOptimize(records.data());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

BENCHMARK(BM_CheckPlan)->Name("check")->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_SortFloor)->Name("sort-floor")->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
