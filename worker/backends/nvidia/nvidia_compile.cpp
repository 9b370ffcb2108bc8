#include "worker/backends/nvidia/nvidia_compile.h"

#include <chrono>

#include "worker/backends/compile_steps.h"
#include "worker/backends/nvidia/lower/cuda/cuda_emitter.h"
#include "worker/backends/nvidia/lower/ptx/gpu_to_ptx.h"
#include "worker/backends/nvidia/nvidia_lowering.h"
#include "worker/plan/launch_metadata.h"

namespace kiln::nvidia {
namespace {

using backends::msSince;
using backends::plainError;
using backends::append;

/// Built-in path: PTX from LLVM in-process, then ptxas for a cubin.
void builtinArtifacts(const CompileRequest &request, const Toolchains &env, NvidiaLowering &lowered,
                      const std::string &stem, CompileResult &result) {
  if (wants(request, Emit::kFatbin)) {
    result.diagnostics.push_back(
        plainError("--emit fatbin needs --via nvcc; the built-in path emits ptx and cubin"));
    return;
  }
  if (!wants(request, Emit::kPtx) && !wants(request, Emit::kCubin)) return;
  const PtxasDriver *ptxas = env.ptxas();
  if (wants(request, Emit::kCubin) && !ptxas) {
    append(result.diagnostics, env.ptxasMissing());
    return;
  }
  auto start = std::chrono::steady_clock::now();
  lower::PtxConfig config;
  config.ptx_arch = lowered.target.ptx_arch;
  config.libdevice_path = env.config().libdevice_path;
  lower::PtxResult ptx = lower::gpuModuleToPtx(lowered.gpu, config);
  append(result.diagnostics, ptx.diagnostics);
  result.timings.push_back({"llvm-ptx", msSince(start)});
  if (!ptx.ok()) return;
  if (wants(request, Emit::kPtx)) result.artifacts.push_back({stem + ".ptx", "ptx", ptx.ptx});
  if (!wants(request, Emit::kCubin)) return;
  PtxasResult cubin = ptxas->assemble({ptx.ptx, lowered.target.arch});
  append(result.diagnostics, cubin.diagnostics);
  result.timings.push_back({"ptxas", static_cast<double>(cubin.wall_ms)});
  result.tools.push_back(cubin.identity.key());
  if (cubin.ok()) result.artifacts.push_back({stem + ".cubin", "cubin", cubin.artifact});
}

/// nvcc path: kiln's CUDA C compiled by nvcc, once per binary kind.
void nvccArtifacts(const CompileRequest &request, const Toolchains &env, const std::string &cuda,
                   const std::string &arch, const std::string &stem, CompileResult &result) {
  for (Emit emit : {Emit::kPtx, Emit::kCubin, Emit::kFatbin}) {
    if (!wants(request, emit)) continue;
    const NvccDriver *nvcc = env.nvcc();
    if (!nvcc) {
      append(result.diagnostics, env.nvccMissing());
      return;
    }
    NvccResult compiled = nvcc->compile({cuda, arch, emit});
    append(result.diagnostics, compiled.diagnostics);
    result.timings.push_back({std::string("nvcc-") + emitName(emit), static_cast<double>(compiled.wall_ms)});
    result.tools.push_back(compiled.identity.key());
    if (!compiled.ok()) return;
    result.artifacts.push_back({stem + "." + emitName(emit), emitName(emit), compiled.artifact});
  }
}

}  // namespace

CompileResult compile(const CompileRequest &request, const Toolchains &env, const CompileHooks &hooks) {
  CompileResult result;
  if (request.emit.empty()) {
    result.diagnostics.push_back(plainError("nothing to emit; ask for ptx, cubin, cuda or fatbin"));
    return result;
  }
  NvidiaLowering lowered;
  switch (lowerForNvidia(request, env.config(), hooks, result, lowered)) {
    case Lowered::kFailed: return result;
    case Lowered::kAnswered: return result;  // the hook answered (a cache hit)
    case Lowered::kDone: break;
  }
  std::string stem = artifactStem(request.source.name);

  // CUDA C first: the built-in path converts the gpu.module in place.
  std::string cuda;
  if (wants(request, Emit::kCuda) || request.via == CompilePath::kNvcc) {
    auto start = std::chrono::steady_clock::now();
    lower::CudaSource source = lower::emitCudaSource(lowered.gpu, lowered.block_threads);
    append(result.diagnostics, source.diagnostics);
    result.timings.push_back({"cuda-c", msSince(start)});
    if (!source.ok()) return result;
    cuda = std::move(source.text);
    if (wants(request, Emit::kCuda)) result.artifacts.push_back({stem + ".cu", "cuda", cuda});
  }
  if (request.via == CompilePath::kBuiltin)
    builtinArtifacts(request, env, lowered, stem, result);
  else
    nvccArtifacts(request, env, cuda, lowered.target.arch, stem, result);
  if (hasErrors(result.diagnostics)) {
    result.artifacts.clear();  // never hand out part of a failed compile
    return result;
  }
  std::string launch = plan::launchFile(lowered.target.arch, compilePathName(request.via), lowered.plans).dump(2);
  result.artifacts.push_back({"launch.json", "launch", launch + "\n"});
  return result;
}

}  // namespace kiln::nvidia
