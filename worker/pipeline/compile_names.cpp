// The names of emit kinds and compile paths, as flags and the wire use them.
// Apart from compile_environment.cpp so MLIR-free binaries (the thin kiln
// CLI) can link them without the compile pipeline.
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

}  // namespace kiln
