#include "worker/pipeline/input_digest.h"

#include "worker/backends/source_digest.h"

namespace kiln {

DigestResult digestInput(const CompileRequest &request, const FrontendConfig &config) {
  if (request.input == InputKind::kTileIr) return digestSource(request.source, config);
  DigestResult out;
  if (std::optional<Diagnostic> junk = backends::binarySourceError(request.source, request.input)) {
    out.diagnostics.push_back(std::move(*junk));
    return out;
  }
  out.digest = backends::producerSourceDigest(request.input, request.source.text);
  return out;
}

}  // namespace kiln
