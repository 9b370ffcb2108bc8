// What a compile produces and how: the one emit-kind type, shared by the
// wire, the CLI, the cache key and every backend. A backend says which of
// these it takes (worker/backends/backend.h); nothing here is vendor logic.
#pragma once

#include <optional>
#include <string>

namespace kiln {

enum class Emit { kPtx, kCubin, kCuda, kFatbin };
// How the artifacts are made: kiln's own lowering then the vendor's
// assembler (builtin), or kiln's C source through the vendor's compiler.
enum class CompilePath { kBuiltin, kNvcc };

const char *emitName(Emit emit);  // "ptx", "cubin", "cuda", "fatbin"
std::optional<Emit> parseEmit(const std::string &name);
const char *compilePathName(CompilePath path);  // "builtin", "nvcc"
std::optional<CompilePath> parseCompilePath(const std::string &name);

}  // namespace kiln
