// The canonical digest of a source that is not Tile IR (PTX, AscendC C++,
// PTO-MLIR), and the check every such source passes first: it is text.
// kilnd keys a request with the digest; the backend that takes the kind
// hands the same digest to its after_parse hook, so both key alike.
//
//   ptx:<sha256 of oracle::ptxNormalForm(text)>  comments and trailing blanks
//                                                 do not matter (see there)
//   ascendc:<sha256 of the bytes>  no normal form: the preprocessor can see
//   pto:<sha256 of the bytes>      every byte (line splices, #line, __LINE__
//                                  and strings), so none is sound
// The prefixes keep the kinds apart from each other and from Tile IR's
// 64-hex digest, so no two kinds can share a key. MLIR-free.
#pragma once

#include <optional>
#include <string>

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "core/diagnostic.h"
#include "core/input_kind.h"
#include "core/source_file.h"
#include "worker/backends/backend.h"

namespace kiln::backends {

/// `kind` is not kTileIr (worker/ir/canonical_digest.h digests that).
std::string producerSourceDigest(InputKind kind, const std::string &text);

/// A located [input.binary] error at the first NUL or control byte (other
/// than tab, newline, CR, form feed): the source is binary junk, and no
/// reader or tool gets it. Nothing for text.
std::optional<Diagnostic> binarySourceError(const SourceFile &source, InputKind kind);

/// The first steps of every compile of a producer's source: refuse it
/// unless it is text, then give its digest to the after_parse hook. A
/// result ends the compile there (the refusal, or the hook's cache hit);
/// nothing means go on.
std::optional<CompileResult> admitSource(const CompileRequest &request, const CompileHooks &hooks);

}  // namespace kiln::backends
