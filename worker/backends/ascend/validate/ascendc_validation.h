// Static validations of one AscendC C++ translation unit before bisheng
// sees it (issue #15). Each finding is a located Diagnostic whose message
// starts with its rule code:
//   [ascendc.input]           the input itself: over the size limit, NUL bytes
//                             or invalid UTF-8, an unterminated comment/string/
//                             raw string, unbalanced #if/#endif
//   [ascendc.include]         #include/#include_next/#import/#embed/__has_include
//                             of an absolute path, a path with "..", a
//                             backslash, or a computed (macro) operand
//   [ascendc.entry]           no extern "C" __global__ __aicore__ function, or a
//                             __global__ one kiln's flags would lose (no
//                             extern "C": mangled; or excluded by #if under
//                             kiln's per-SoC macros)
//   [ascendc.sync]            a GM<->local DataCopy not ordered by EnQue/DeQue, a
//                             PIPE_ALL barrier or SetFlag/WaitFlag (error on
//                             310P, warning on the 910B family and 950)
//   [ascendc.capacity]        InitBuffer sizes summed per memory over the SoC's
//                             capacity; a size kiln cannot evaluate is a note
//   [ascendc.datacopy-align]  a compile-time DataCopy length that is not whole
//                             32 B blocks
//   [ascendc.tensor-balance]  a tensor freed twice, into another queue, or never
//                             handed back (EnQue/FreeTensor), in straight-line code
//   [ascendc.queue-depth]     more EnQues in a row on a TQue than its depth
//
// What these checks cannot see (they then say nothing, or a note; never an
// error they cannot prove):
//   - Headers. Nothing is included or expanded: macros from headers, types
//     behind aliases or templates, and constants kiln's flags do not set
//     are unknown. A kernel behind `#if SOMETHING_FROM_A_HEADER` is a note.
//   - Macro expansion in code: a kernel or a DataCopy written through a
//     function-like macro is invisible; object-like #define constants are
//     evaluated only where they are defined once and never #undef'd.
//   - Scopes and overloads: names are looked up file-wide by spelling; a name
//     declared twice in different ways (types, positions, values) is
//     ambiguous and every check that needs it is skipped.
//   - Control flow: queue balance and depth are judged only on operations in
//     straight-line code of one function body (not inside a nested block,
//     an if/else/?:/switch/case or a loop, no goto, no undecidable #if);
//     nothing is claimed across function calls, loops or branches.
//     Capacity sums only the unconditional InitBuffer calls of one function
//     per TPipe object; buffers set up across functions are not added up.
//   - Sync ordering is per function and by position: an ordering event after
//     a copy-in, or before a copy-out, anywhere in the same function (any
//     SetFlag/WaitFlag counts, whatever its event); copies of tensors that
//     come from parameters, members, or TBuf::Get outside the entry function
//     are left alone, since a caller may order them.
//   - Values at run time: lengths computed from kernel arguments or tiling
//     structs are not bounded; DataCopy alignment is checked only for the
//     count form with a constant count and a visible element type.
//   - What bisheng itself checks (types, overloads, syntax) is not redone.
// MLIR-free and LLVM-free: the lexer is kiln's own (cpp_lexer.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "worker/backends/ascend/ascend_targets.h"

namespace kiln::ascend {

struct AscendCValidationConfig {
  std::size_t max_source_bytes = 8u << 20;
  std::size_t max_diagnostics = 500;  // then one note says how many more there were
};

struct AscendCValidation {
  std::vector<Diagnostic> diagnostics;    // core/diagnostic.h; errors fail the compile
  std::vector<std::string> entry_points;  // extern "C" __global__ __aicore__ names, in order
  bool ok() const { return !hasErrors(diagnostics); }
};

AscendCValidation validateAscendC(const SourceFile &source, const AscendTarget &target,
                                  const AscendCValidationConfig &config = {});

inline constexpr const char *kAscendCValidationVersion = "kiln-ascendc-validate.1";  // enters cache keys; bump when a check changes

}  // namespace kiln::ascend
