// Between kiln's C++ compile types (worker/pipeline/compile.h) and the
// kiln.v1 messages. The server, the worker daemon and the client all speak
// through here, so a field is mapped in exactly one place.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kiln/v1/common.pb.h"
#include "kiln/v1/worker.pb.h"
#include "worker/pipeline/compile.h"

namespace kiln::wire {

// Artifact bytes travel in chunks of this size: well under gRPC's default
// 4 MiB message cap, large enough that a typical cubin is one chunk.
inline constexpr std::size_t kChunkBytes = 1u << 20;

v1::Emit toProto(Emit emit);
std::optional<Emit> fromProto(v1::Emit emit);

v1::CompileSpec toSpec(const CompileRequest &request);
// The request a spec describes, or why it is not one kiln can run
// ("no emit kind", "unknown emit kind 7").
struct SpecResult {
  std::optional<CompileRequest> request;
  std::string error;
};
SpecResult fromSpec(const v1::CompileSpec &spec);

v1::Diagnostic toProto(const Diagnostic &diagnostic);
Diagnostic fromProto(const v1::Diagnostic &diagnostic);

v1::ArtifactInfo artifactInfo(const Artifact &artifact);

// Everything of `result` but the artifact bytes.
void toJobResult(const CompileResult &result, v1::JobResult *out);

// Calls `emit(offset, piece)` for each chunk of `bytes` (once for empty bytes).
void forEachChunk(std::string_view bytes, const std::function<void(std::int64_t, std::string_view)> &emit);

// Collects chunked artifact bytes, refusing chunks that do not continue the
// artifact they name.
class ArtifactAssembler {
 public:
  explicit ArtifactAssembler(std::size_t count) : bytes_(count) {}
  // False (with `error`) on an out-of-order or out-of-range chunk.
  bool add(const v1::ArtifactChunk &chunk, std::string &error);
  std::string &bytes(std::size_t index) { return bytes_[index]; }
  std::size_t count() const { return bytes_.size(); }

 private:
  std::vector<std::string> bytes_;
};

}  // namespace kiln::wire
