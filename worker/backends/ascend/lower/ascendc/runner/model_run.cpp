#include "worker/backends/ascend/lower/ascendc/runner/model_run.h"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <map>
#include <set>
#include <sstream>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "worker/backends/ascend/lower/ascendc/runner/host_tensors.h"
#include "worker/backends/ascend/lower/kernel_core_kind.h"
#include "worker/backends/ascend/lower/kernel_phases.h"
#include "worker/backends/ascend/lower/launch_bounds.h"
#include "worker/backends/ascend/lower/ascendc/runner/model_main.h"
#include "worker/ir/mlir_diagnostics.h"
#include "worker/ir/module_loader.h"
#include "worker/ir/tile_dialect.h"
#include "worker/plan/ascend_planner.h"
#include "worker/plan/inline_helpers.h"

#ifndef KILN_CXX_COMPILER
#define KILN_CXX_COMPILER "g++"
#endif
#ifndef KILN_ASCEND_MODEL_INCLUDE_DIR
#define KILN_ASCEND_MODEL_INCLUDE_DIR ""
#endif

namespace kiln::ascend::lower {
namespace fs = std::filesystem;

const char *modelRunStatusName(ModelRunStatus status) {
  switch (status) {
    case ModelRunStatus::kPass: return "pass";
    case ModelRunStatus::kMismatch: return "mismatch";
    case ModelRunStatus::kModelError: return "model error";
    case ModelRunStatus::kLocatedError: return "located error";
    case ModelRunStatus::kBadInput: return "bad input";
    case ModelRunStatus::kCompileError: return "compile error";
  }
  return "?";
}

bool parsePlantedBug(const std::string &name, PlantedBug &bug) {
  static const std::map<std::string, PlantedBug> kNames = {
      {"deque-empty", PlantedBug::kDequeEmpty},         {"queue-overfill", PlantedBug::kQueueOverfill},
      {"use-after-free", PlantedBug::kUseAfterFree},    {"over-capacity", PlantedBug::kOverCapacity},
      {"unaligned-start", PlantedBug::kUnalignedStart}, {"short-copy", PlantedBug::kShortCopy}};
  auto it = kNames.find(name);
  if (it == kNames.end()) return false;
  bug = it->second;
  return true;
}

namespace {

constexpr int kCompileTimeoutS = 300;
constexpr int kRunTimeoutS = 120;

Diagnostic plainError(std::string message) {
  Diagnostic d;
  d.message = std::move(message);
  return d;
}

std::string readText(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

bool writeBytes(const fs::path &path, const std::string &bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return bool(out);
}

/// Runs a shell command line with a timeout and its output in `log`; the exit status.
int runCommand(const std::string &command, const fs::path &log, int timeoutS) {
  std::string line = "timeout " + std::to_string(timeoutS) + " " + command + " > '" + log.string() + "' 2>&1";
  int status = std::system(line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/// The model's Space enum value for a plan space (kiln_ascend_model::Space).
int modelSpace(plan::MemorySpace space) {
  switch (space) {
    case plan::MemorySpace::kUB: return 0;
    case plan::MemorySpace::kL1: return 1;
    case plan::MemorySpace::kL0A: return 2;
    case plan::MemorySpace::kL0B: return 3;
    case plan::MemorySpace::kL0C: return 4;
    default: return 5;
  }
}

/// The placements the plan implies for the emitter's InitBuffer calls, in
/// call (buffer id) order, as "space offset bytes" lines; a double-buffered
/// tile is one region of both copies.
std::string expectedPlacements(const plan::KernelPlan &plan, const llvm::DenseMap<mlir::Value, int> &bufferOf,
                               const AscendTarget &target) {
  std::map<int, int> copies;
  for (auto &[value, id] : bufferOf)
    if (plan.buffers[id].defined_by == "tile.load" && value.getDefiningOp())
      copies[id] = std::max(copies[id], plan::ascendBufferCopies(value));
  std::ostringstream out;
  for (const plan::Buffer &b : plan.buffers) {
    const oracle::SpaceSpec *spec = target.device.space(b.space);
    int64_t align = std::max<int64_t>(spec ? spec->alignment : 32, 32);
    int64_t len = (b.bytes + align - 1) / align * align;
    out << modelSpace(b.space) << ' ' << b.offset << ' ' << len * (copies.count(b.id) ? copies[b.id] : 1) << '\n';
  }
  return out.str();
}

/// The model's placements with a queue's buffers folded into one region.
std::string foldedPlacements(const std::string &lines) {
  std::istringstream in(lines);
  std::vector<std::array<int64_t, 3>> regions;
  int64_t space, offset, bytes, index;
  while (in >> space >> offset >> bytes >> index) {
    if (index > 0 && !regions.empty())
      regions.back()[2] += bytes;
    else
      regions.push_back({space, offset, bytes});
  }
  std::ostringstream out;
  for (auto &r : regions) out << r[0] << ' ' << r[1] << ' ' << r[2] << '\n';
  return out.str();
}

// One source kernel as the model runs it: the kernel itself, or a mixed
// kernel's phases in order over the same arguments.
struct ModelLaunch {
  std::string kernel;          // the source's name: what the reference runs
  std::vector<size_t> phases;  // into the emitted kernels and their plans
  size_t user_params = 0;      // the source kernel's parameters (the rest are workspaces)
};

KernelRun runLaunchOnModel(const SourceFile &file, const std::string &source, const ModelLaunch &launch,
                           const std::vector<AscendCKernel> &emitted,
                           const std::vector<std::unique_ptr<plan::PlanResult>> &plans, const AscendTarget &target,
                           const ModelRunOptions &options, const fs::path &dir) {
  KernelRun run;
  run.kernel = launch.kernel;
  const plan::KernelPlan &plan = plans[launch.phases.front()]->plan;  // every phase takes the same parameters
  std::mt19937 rng(options.seed);
  std::vector<reference::HostTensor> tensors(plan.params.size());
  std::vector<float> floats;
  std::vector<int32_t> ints;
  std::vector<int64_t> indices;
  floats.reserve(plan.params.size());
  ints.reserve(plan.params.size());
  indices.reserve(plan.params.size());
  MainSpec spec;
  for (size_t phase : launch.phases)
    spec.launches.push_back({emitted[phase].name, emitted[phase].block_dim,
                             (dir / (emitted[phase].name + ".placements")).string()});
  auto capacity = [&](plan::MemorySpace s) { return target.device.space(s) ? target.device.space(s)->capacity : 0; };
  spec.ub = capacity(plan::MemorySpace::kUB);
  spec.l1 = capacity(plan::MemorySpace::kL1);
  spec.l0a = capacity(plan::MemorySpace::kL0A);
  spec.l0b = capacity(plan::MemorySpace::kL0B);
  spec.l0c = capacity(plan::MemorySpace::kL0C);
  spec.npu_arch = target.npu_arch_number;
  std::vector<reference::KernelArg> refArgs;
  std::vector<reference::HostTensor> expected;
  expected.reserve(plan.params.size());
  for (size_t i = 0; i < plan.params.size(); ++i) {
    const plan::KernelParam &p = plan.params[i];
    bool own = i < launch.user_params;  // a workspace is not the reference's to see
    MainParam mp;
    if (p.kind == "pointer") {
      if (!tensorForType(p.type, tensors[i])) {
        run.status = ModelRunStatus::kBadInput;
        run.message = "parameter " + p.name + " has a type the runner cannot fill: " + p.type;
        return run;
      }
      fillRandom(tensors[i], rng);
      if (own) {
        expected.push_back(tensors[i]);
        refArgs.push_back(&expected.back());
      }
      mp.tensor = true;
      mp.in_file = (dir / (launch.kernel + "." + p.name + ".in")).string();
      mp.out_file = (dir / (launch.kernel + "." + p.name + ".out")).string();
      writeBytes(mp.in_file, std::string(tensors[i].bytes.begin(), tensors[i].bytes.end()));
    } else if (p.kind == "f32") {
      floats.push_back(0.125f);  // a scale or 1/n: small enough that exp stays finite
      refArgs.push_back(floats.back());
      mp.literal = "0x1p-3f";
    } else if (p.kind == "i32") {
      ints.push_back(3);
      refArgs.push_back(ints.back());
      mp.literal = "int32_t(3)";
    } else {
      indices.push_back(1);
      refArgs.push_back(indices.back());
      mp.literal = "int64_t(1)";
    }
    spec.params.push_back(mp);
  }

  fs::path kernelFile = dir / "kernel.cpp", mainFile = dir / (launch.kernel + "_main.cpp"), binary = dir / launch.kernel;
  writeBytes(kernelFile, source);
  writeBytes(mainFile, modelMainSource(spec, kernelFile.string()));
  std::string compile = std::string("'") + KILN_CXX_COMPILER + "' -std=c++17 -O1 -w -I'" +
                        KILN_ASCEND_MODEL_INCLUDE_DIR + "'" + (options.unchecked ? " -DKILN_ASCEND_MODEL_UNCHECKED" : "") +
                        " '" + mainFile.string() + "' -o '" + binary.string() + "'";
  if (runCommand(compile, dir / (launch.kernel + ".compile.log"), kCompileTimeoutS) != 0) {
    run.status = ModelRunStatus::kCompileError;
    run.message = readText(dir / (launch.kernel + ".compile.log"));
    return run;
  }
  int rc = runCommand("'" + binary.string() + "'", dir / (launch.kernel + ".run.log"), kRunTimeoutS);
  if (rc != 0) {
    run.status = ModelRunStatus::kModelError;
    run.message = readText(dir / (launch.kernel + ".run.log"));
    if (run.message.empty()) run.message = "the model run exited with status " + std::to_string(rc);
    return run;
  }
  std::set<std::string> written;
  for (size_t k = 0; k < launch.phases.size(); ++k) {
    const plan::PlanResult &planned = *plans[launch.phases[k]];
    std::string want = expectedPlacements(planned.plan, planned.buffer_of, target);
    std::string got = foldedPlacements(readText(spec.launches[k].placements_file));
    if (options.emit.planted_bug == PlantedBug::kNone && want != got) {
      run.status = ModelRunStatus::kModelError;
      run.message = "the buffers of @" + spec.launches[k].kernel +
                    " did not land where the plan put them (space offset bytes):\nplan:\n" + want + "model:\n" + got;
      return run;
    }
    for (const plan::PlannedOp &op : planned.plan.ops)
      if (op.global && op.global->write) written.insert(op.global->memref);
  }

  reference::ReferenceResult ref = reference::runKernel(file, launch.kernel, refArgs);
  if (!ref.ok()) {
    run.status = ModelRunStatus::kBadInput;
    run.message = "the reference executor failed: " + formatHeadline(ref.diagnostics.at(0));
    return run;
  }
  size_t next = 0;
  for (size_t i = 0; i < launch.user_params; ++i) {
    if (!spec.params[i].tensor) continue;
    reference::HostTensor got = tensors[i];
    std::string bytes = readText(spec.params[i].out_file);
    got.bytes.assign(bytes.begin(), bytes.end());
    Comparison c = compareTensors(got, expected[next++]);
    TensorReport report{plan.params[i].name, written.count(plan.params[i].name) > 0, c.max_error, c.mismatches};
    if (c.mismatches) run.status = ModelRunStatus::kMismatch;
    run.tensors.push_back(report);
  }
  return run;
}

}  // namespace

ModelRunResult runOnModel(const SourceFile &file, const ModelRunOptions &options) {
  ModelRunResult result;
  std::string error;
  std::optional<AscendTarget> target = findAscendTarget(options.target, "", error);
  if (!target) {
    result.status = ModelRunStatus::kBadInput;
    result.diagnostics.push_back(plainError("unknown Ascend target '" + options.target + "'" +
                                            (error.empty() ? "" : ": " + error)));
    return result;
  }
  LoadedModule loaded = loadModule(file);
  result.diagnostics = loaded.diagnostics;
  if (!loaded.ok()) {
    result.status = ModelRunStatus::kBadInput;
    return result;
  }
  DiagnosticCollector collector(*loaded.context, result.diagnostics);
  mlir::ModuleOp module = *loaded.module;
  if (mlir::failed(plan::inlineHelpers(module))) {
    result.status = ModelRunStatus::kBadInput;
    return result;
  }
  plan::PlannerConfig config;
  config.ascend_placement =
      options.liveness_plan ? plan::AscendPlacement::kLiveness : plan::AscendPlacement::kInitBufferOrder;
  // A mixed kernel on a split-core SoC runs as its phases, as a compile
  // emits it.
  std::vector<SplitKernel> split;
  if (mlir::failed(checkBlockDims(module, *target)) || mlir::failed(splitMixedKernels(module, *target, split))) {
    result.status = ModelRunStatus::kLocatedError;
    return result;
  }
  auto sourceKernel = [&](llvm::StringRef name) -> std::pair<std::string, const SplitKernel *> {
    for (const SplitKernel &k : split)
      for (const KernelPhase &phase : k.phases)
        if (phase.name == name) return {k.kernel, &k};
    return {name.str(), nullptr};
  };
  std::vector<std::unique_ptr<plan::PlanResult>> plans;
  std::vector<KernelToLower> kernels;
  std::vector<ModelLaunch> launches;
  bool planOk = true;
  for (auto func : module.getOps<mlir::func::FuncOp>()) {
    if (!func->hasAttr(tile::TileDialect::kKernelAttrName)) continue;
    auto [name, splitFrom] = sourceKernel(func.getSymName());
    if (!options.kernel.empty() && name != options.kernel) continue;
    // The core split decides first: a mixed kernel left on a split SoC is
    // refused for that reason, whatever its plan would say.
    if (mlir::failed(checkCoreUse(func, *target))) {
      planOk = false;
      continue;
    }
    plans.push_back(std::make_unique<plan::PlanResult>(plan::planKernelForAscend(func, target->device, config)));
    result.diagnostics.insert(result.diagnostics.end(), plans.back()->diagnostics.begin(), plans.back()->diagnostics.end());
    planOk &= plans.back()->ok();
    kernels.push_back({func, plans.back().get()});
    if (launches.empty() || launches.back().kernel != name || !splitFrom)
      launches.push_back({name, {}, splitFrom ? splitFrom->user_params : func.getNumArguments()});
    launches.back().phases.push_back(kernels.size() - 1);
  }
  if (kernels.empty() && planOk) {
    result.status = ModelRunStatus::kBadInput;
    result.diagnostics.push_back(plainError(options.kernel.empty() ? std::string("the module has no tile.kernel function")
                                                                   : "no kernel named '" + options.kernel + "'"));
    return result;
  }
  if (!planOk) {
    result.status = ModelRunStatus::kLocatedError;
    return result;
  }
  AscendCSource emitted = emitAscendC(kernels, *target, options.emit);
  if (!emitted.ok) {
    result.status = ModelRunStatus::kLocatedError;
    return result;
  }
  result.source = emitted.text;

  std::string pattern = (fs::temp_directory_path() / "kiln-ascendc-XXXXXX").string();
  if (!mkdtemp(pattern.data())) {
    result.status = ModelRunStatus::kBadInput;
    result.diagnostics.push_back(plainError("cannot make a temporary directory"));
    return result;
  }
  result.work_dir = pattern;
  for (const ModelLaunch &launch : launches) {
    result.kernels.push_back(
        runLaunchOnModel(file, emitted.text, launch, emitted.kernels, plans, *target, options, pattern));
    ModelRunStatus s = result.kernels.back().status;
    if (s != ModelRunStatus::kPass && (result.status == ModelRunStatus::kPass || s == ModelRunStatus::kCompileError))
      result.status = s;
  }
  if (!options.keep_files) {
    std::error_code ignored;
    fs::remove_all(pattern, ignored);
  }
  return result;
}

}  // namespace kiln::ascend::lower
