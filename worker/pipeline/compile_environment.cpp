#include "worker/pipeline/compile.h"

namespace kiln {

const char *emitName(Emit emit) {
  switch (emit) {
    case Emit::kPtx: return "ptx";
    case Emit::kCubin: return "cubin";
    case Emit::kCuda: return "cuda";
    case Emit::kFatbin: return "fatbin";
  }
  return "?";
}

std::optional<Emit> parseEmit(const std::string &name) {
  for (Emit emit : {Emit::kPtx, Emit::kCubin, Emit::kCuda, Emit::kFatbin})
    if (name == emitName(emit)) return emit;
  return std::nullopt;
}

const char *compilePathName(CompilePath path) { return path == CompilePath::kBuiltin ? "builtin" : "nvcc"; }

CompileEnvironment CompileEnvironment::discover(CompileConfig config) {
  CompileEnvironment env;
  env.config_ = std::move(config);
  toolchain::NvccDiscovery nvcc = toolchain::NvccDriver::discover(env.config_.nvcc);
  env.nvcc_ = std::move(nvcc.driver);
  env.nvcc_missing_ = std::move(nvcc.diagnostics);
  toolchain::PtxasDiscovery ptxas = toolchain::PtxasDriver::discover(env.config_.ptxas);
  env.ptxas_ = std::move(ptxas.driver);
  env.ptxas_missing_ = std::move(ptxas.diagnostics);
  return env;
}

}  // namespace kiln
