// In-process time of Tile IR -> AscendC C++ and Tile IR -> PTO-MLIR on every
// example, for one Ascend target, against the front end's own time (parse,
// verify, kiln's rules) as the floor: each emit path runs that front end
// first, so path / floor says what planning, the oracle and the emitter add.
// No vendor tool runs (the source emits need none). Prints a Markdown
// table of medians and ratios; --out writes it to a file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "bench/bench_support.h"
#include "worker/backends/ascend/ascend_compile.h"
#include "worker/ir/module_loader.h"

namespace {

std::string firstError(const kiln::CompileResult &r) {
  for (const kiln::Diagnostic &d : r.diagnostics)
    if (d.severity == kiln::Severity::kError) {
      std::string m = d.message.substr(0, d.message.find(']') + 1);
      return m.empty() ? "error" : m;
    }
  return "no artifacts";
}

}  // namespace

int main(int argc, char **argv) {
  using namespace kiln::bench;
  CLI::App app{"Times kiln's Tile IR -> AscendC and -> PTO emits in-process, against the front end alone"};
  int reps = 15;
  std::string target = "ascend910b2", out;
  std::vector<std::string> dirs = {KILN_SHARED_DIR "/examples", KILN_SOURCE_DIR "/examples"};
  app.add_option("--reps", reps, "Repetitions per measurement (the median is reported)")->capture_default_str();
  app.add_option("--target", target, "Ascend target")->capture_default_str();
  app.add_option("--out", out, "Also write the Markdown report to this file");
  app.add_option("--examples", dirs, "Folders of .mlir examples")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  kiln::ascend::Toolchains env = kiln::ascend::Toolchains::discover({});

  std::ostringstream table;
  table << "| example | front end ms (floor) | → AscendC ms | → PTO ms | AscendC / floor | PTO / floor |\n"
           "|---|---|---|---|---|---|\n";
  double worst = 0;
  for (const auto &file : exampleFiles(dirs)) {
    kiln::SourceFile source{file.filename().string(), readFile(file)};
    kiln::CompileRequest ascendc;
    ascendc.source = source;
    ascendc.target = target;
    ascendc.emit = {kiln::Emit::kAscendC};
    kiln::CompileRequest pto = ascendc;
    pto.emit = {kiln::Emit::kPto};
    kiln::CompileResult probeC = kiln::ascend::compile(ascendc, env);
    kiln::CompileResult probeP = kiln::ascend::compile(pto, env);
    std::vector<double> floor, toC, toP;
    for (int i = 0; i < reps; ++i) {
      floor.push_back(timeMs([&] { kiln::loadModule(source); }));
      if (probeC.ok()) toC.push_back(timeMs([&] { kiln::ascend::compile(ascendc, env); }));
      if (probeP.ok()) toP.push_back(timeMs([&] { kiln::ascend::compile(pto, env); }));
    }
    auto cell = [&](const std::vector<double> &v, const kiln::CompileResult &probe) {
      char buf[64];
      if (v.empty()) return "refused " + firstError(probe);
      std::snprintf(buf, sizeof buf, "%.2f", median(v));
      return std::string(buf);
    };
    auto ratio = [&](const std::vector<double> &v) {
      if (v.empty()) return std::string("–");
      double r = median(v) / median(floor);
      worst = std::max(worst, r);
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2fx", r);
      return std::string(buf);
    };
    char f[32];
    std::snprintf(f, sizeof f, "%.2f", median(floor));
    table << "| " << file.stem().string() << " | " << f << " | " << cell(toC, probeC) << " | " << cell(toP, probeP)
          << " | " << ratio(toC) << " | " << ratio(toP) << " |\n";
  }
  std::ostringstream report;
  report << "# Ascend emit time: Tile IR → AscendC and → PTO-MLIR (target " << target << ")\n\n"
         << "Machine: " << machine() << ".\n"
         << "Medians of " << reps << " runs, wall milliseconds, in one process, all columns in the same run.\n"
         << "Each emit path is a whole `ascend::compile` (front end, helper inlining, the Ascend plan, the\n"
         << "oracle, the emitter, launch.json); the floor is the front end alone. No vendor tool runs.\n\n"
         << table.str() << "\nLargest emit / front-end ratio: " << worst << "x.\n";
  std::cout << report.str();
  if (!out.empty()) std::ofstream(out) << report.str();
  return 0;
}
