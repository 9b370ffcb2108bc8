#include "core/emit.h"

namespace kiln {

const char *emitName(Emit emit) {
  switch (emit) {
    case Emit::kPtx: return "ptx";
    case Emit::kCubin: return "cubin";
    case Emit::kCuda: return "cuda";
    case Emit::kFatbin: return "fatbin";
    case Emit::kAscendC: return "ascendc";
    case Emit::kPto: return "pto";
    case Emit::kObject: return "obj";
    case Emit::kPtoObject: return "pto-obj";
  }
  return "?";
}

std::optional<Emit> parseEmit(const std::string &name) {
  for (Emit emit : kAllEmits)
    if (name == emitName(emit)) return emit;
  return std::nullopt;
}

const char *compilePathName(CompilePath path) { return path == CompilePath::kBuiltin ? "builtin" : "nvcc"; }

std::optional<CompilePath> parseCompilePath(const std::string &name) {
  for (CompilePath path : {CompilePath::kBuiltin, CompilePath::kNvcc})
    if (name == compilePathName(path)) return path;
  return std::nullopt;
}

}  // namespace kiln
