#include "tests/backends/ascend/pto/pto_emit_support.h"

#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "tests/support/test_files.h"
#include "worker/backends/ascend/lower/kernel_phases.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/tile_dialect.h"
#include "worker/oracle/checks/plan_oracle.h"
#include "worker/plan/ascend_planner.h"
#include "worker/plan/inline_helpers.h"

namespace kiln::ascend::test {

AscendTarget target(const std::string &name) {
  std::string error;
  std::optional<AscendTarget> t = findAscendTarget(name, "", error);
  EXPECT_TRUE(t.has_value()) << name << ": " << error;
  return t.value_or(AscendTarget{});
}

Emitted emit(const std::string &name, const std::string &text, const AscendTarget &target, int level,
             const plan::PlannerConfig &config) {
  Emitted out;
  out.file = name;
  out.loaded = loadModule({name, text});
  EXPECT_TRUE(out.loaded.ok()) << name << ": "
                               << (out.loaded.diagnostics.empty() ? "" : formatDiagnostic(out.loaded.diagnostics[0]));
  if (!out.loaded.ok()) return out;
  DiagnosticCollector collector(*out.loaded.context, out.diagnostics);
  EXPECT_TRUE(mlir::succeeded(plan::inlineHelpers(*out.loaded.module)));
  // A mixed kernel is emitted as its phases, as a compile does.
  std::vector<lower::SplitKernel> split;
  if (mlir::failed(lower::splitMixedKernels(*out.loaded.module, target, split))) return out;
  for (auto func : out.loaded.module->getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
    out.plans.push_back(plan::planKernelForAscend(func, target.device, config));
    EXPECT_TRUE(out.plans.back().ok()) << name << " @" << func.getSymName().str() << " does not plan on " << target.name;
    out.kernels.push_back({func, &out.plans.back()});
  }
  out.source = lower::emitPto(out.kernels, target, {level});
  return out;
}

Emitted emitFile(const std::filesystem::path &file, const AscendTarget &target, int level,
                 const plan::PlannerConfig &config) {
  return emit(file.filename().string(), kiln::test::readFile(file), target, level, config);
}

std::vector<std::string> ptoOps(const std::string &text) {
  std::vector<std::string> out;
  static const std::regex op(R"(^\s*(?:%[^=]+=\s*)?(pto\.[a-z_.]+))");
  std::istringstream lines(text);
  std::string line;
  std::smatch m;
  while (std::getline(lines, line))
    if (std::regex_search(line, m, op)) out.push_back(m[1]);
  return out;
}

std::string roundTripProblems(const oracle::PtoReadResult &read, const oracle::DeviceSpec &device) {
  std::string out;
  for (const Diagnostic &d : read.diagnostics) out += "read: " + formatDiagnostic(d) + "\n";
  for (const plan::KernelPlan &fn : read.functions)
    for (const Diagnostic &d : oracle::checkPlan(fn, device)) out += "oracle: " + formatDiagnostic(d) + "\n";
  return out;
}

const std::vector<std::string> &targetNames() { return ascendTargetNames(); }

}  // namespace kiln::ascend::test
