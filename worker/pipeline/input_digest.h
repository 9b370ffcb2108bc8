// The canonical digest of any request's source, by its kind: Tile IR is
// parsed and verified (frontend.h); PTX, AscendC C++ and PTO-MLIR must be
// text, and are digested as worker/backends/source_digest.h says. kilnd
// keys every request with this before it asks a worker. MLIR-free header.
#pragma once

#include "core/compile_request.h"
#include "worker/pipeline/frontend.h"

namespace kiln {

DigestResult digestInput(const CompileRequest &request, const FrontendConfig &config = {});

}  // namespace kiln
