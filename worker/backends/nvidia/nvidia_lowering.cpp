#include "worker/backends/nvidia/nvidia_lowering.h"

#include <chrono>

#include "worker/backends/compile_steps.h"
#include "worker/backends/nvidia/nvidia_device.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "worker/ir/canonical_digest.h"
#include "worker/ir/tile_dialect.h"
#include "worker/backends/nvidia/lower/gpu/lower_to_gpu.h"
#include "worker/backends/nvidia/lower/ptx/gpu_to_ptx.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/oracle/oracle_stage.h"
#include "worker/plan/inline_helpers.h"
#include "worker/plan/planner.h"

namespace kiln::nvidia {
namespace {

using backends::msSince;

Diagnostic unknownTarget(const std::string &target) {
  Diagnostic d;
  d.message = "unknown target '" + target + "'; kiln compiles for";
  for (const std::string &name : plan::nvidiaTargetNames()) d.message += " " + name;
  return d;
}

}  // namespace

Lowered lowerForNvidia(const CompileRequest &request, const Config &config, const CompileHooks &hooks,
                       CompileResult &result, NvidiaLowering &out) {
  auto start = std::chrono::steady_clock::now();
  std::optional<plan::NvidiaTarget> target = plan::findNvidiaTarget(request.target, config.target_overrides);
  if (!target) {
    result.diagnostics.push_back(unknownTarget(request.target));
    return Lowered::kFailed;
  }
  out.target = *target;

  out.loaded = loadModule(request.source, config.frontend);
  result.diagnostics.insert(result.diagnostics.end(), out.loaded.diagnostics.begin(),
                            out.loaded.diagnostics.end());
  result.timings.push_back({"frontend", msSince(start)});
  if (!out.loaded.ok()) return Lowered::kFailed;
  if (hooks.after_parse)
    if (std::optional<CompileResult> answer = hooks.after_parse(tile::canonicalDigest(*out.loaded.module))) {
      result = std::move(*answer);
      return Lowered::kAnswered;
    }

  mlir::MLIRContext &context = *out.loaded.context;
  mlir::DialectRegistry registry;
  lower::registerGpuLoweringDialects(registry);
  lower::registerPtxBackendDialects(registry);
  context.appendDialectRegistry(registry);
  context.loadAllAvailableDialects();
  DiagnosticCollector collector(context, result.diagnostics);

  start = std::chrono::steady_clock::now();
  mlir::ModuleOp module = *out.loaded.module;
  if (mlir::failed(plan::inlineHelpers(module))) return Lowered::kFailed;
  plan::PlannerConfig plannerConfig;
  plannerConfig.block_threads = config.block_threads;
  plannerConfig.faulty_overlap = config.faulty_planner;
  std::vector<std::pair<mlir::func::FuncOp, plan::PlanResult>> planned;
  bool planOk = true;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
    plan::PlanResult plan = plan::planKernel(func, *target, plannerConfig);
    result.diagnostics.insert(result.diagnostics.end(), plan.diagnostics.begin(), plan.diagnostics.end());
    planOk &= plan.ok();
    planned.emplace_back(func, std::move(plan));
  }
  result.timings.push_back({"plan", msSince(start)});
  if (!planOk) return Lowered::kFailed;

  start = std::chrono::steady_clock::now();
  std::vector<plan::KernelPlan> plans;
  for (const auto &entry : planned) plans.push_back(entry.second.plan);
  bool oracleOk = runOracleStage(plans, deviceSpecFor(*target), request.oracle, result);
  result.timings.push_back({"oracle", msSince(start)});
  if (!oracleOk) return Lowered::kFailed;

  start = std::chrono::steady_clock::now();
  mlir::OpBuilder builder(&context);
  out.holder = mlir::ModuleOp::create(builder.getUnknownLoc());
  (*out.holder)->setAttr(mlir::gpu::GPUDialect::getContainerModuleAttrName(), builder.getUnitAttr());
  builder.setInsertionPointToEnd(out.holder->getBody());
  out.gpu = builder.create<mlir::gpu::GPUModuleOp>(builder.getUnknownLoc(), "kiln");
  for (auto &[func, plan] : planned) {
    if (mlir::failed(lower::lowerKernelToGpu(func, plan, out.gpu))) return Lowered::kFailed;
    out.block_threads[plan.plan.kernel] = plan.plan.block_threads;
    out.plans.push_back(std::move(plan.plan));
  }
  if (mlir::failed(mlir::verify(*out.holder))) return Lowered::kFailed;
  // Folding constants and common index math once, before the two back ends
  // fork, keeps the CUDA C short and gives both the same code.
  mlir::PassManager cleanup(&context);
  cleanup.addPass(mlir::createCanonicalizerPass());
  cleanup.addPass(mlir::createCSEPass());
  if (mlir::failed(cleanup.run(*out.holder))) return Lowered::kFailed;
  result.timings.push_back({"lower", msSince(start)});
  return Lowered::kDone;
}

}  // namespace kiln::nvidia
