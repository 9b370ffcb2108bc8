// What a compile produces and how: the one emit-kind type, shared by the
// wire, the CLI, the cache key and every backend. A backend says which of
// these it takes (worker/backends/backend.h); nothing here is vendor logic.
#pragma once

#include <optional>
#include <string>

namespace kiln {

// NVIDIA: ptx, cubin, cuda (kiln's CUDA C), fatbin. Ascend: ascendc (kiln's
// AscendC C++, <stem>.cpp), pto (PTO-MLIR text for ptoas, <stem>.pto), obj
// (bisheng's device object from the AscendC, <stem>.o) and pto-obj (ptoas
// then bisheng from the PTO, <stem>.pto.o).
enum class Emit { kPtx, kCubin, kCuda, kFatbin, kAscendC, kPto, kObject, kPtoObject };
// How the artifacts are made: kiln's own lowering then the vendor's
// assembler (builtin), or kiln's C source through the vendor's compiler.
enum class CompilePath { kBuiltin, kNvcc };

inline constexpr Emit kAllEmits[] = {Emit::kPtx,     Emit::kCubin, Emit::kCuda,   Emit::kFatbin,
                                    Emit::kAscendC, Emit::kPto,   Emit::kObject, Emit::kPtoObject};

const char *emitName(Emit emit);  // "ptx", "cubin", "cuda", "fatbin", "ascendc", "pto", "obj", "pto-obj"
std::optional<Emit> parseEmit(const std::string &name);
const char *compilePathName(CompilePath path);  // "builtin", "nvcc"
std::optional<CompilePath> parseCompilePath(const std::string &name);

}  // namespace kiln
