// The one chunk writer and the one assembler for artifact bytes, used on
// every hop: job child -> kiln-worker, kiln-worker -> kilnd, kilnd -> client,
// and a blob fetched by digest. Bytes travel as v1::ArtifactChunk pieces of
// at most kChunkBytes per message, so an artifact of any size streams under
// gRPC's message cap while a typical result is one message.
//
// The assembler trusts nothing it is sent: chunks must continue their
// artifact in order, never run past its declared size or the total budget,
// and every artifact must match its declared SHA-256 before it is handed on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/repeated_ptr_field.h>

#include "kiln/v1/common.pb.h"

namespace kiln::wire {

// Well under gRPC's default 4 MiB message cap; a typical cubin is one chunk.
inline constexpr std::size_t kChunkBytes = 1u << 20;

// `artifacts`' bytes packed into messages of at most kChunkBytes of data
// each: the chunks of message 0, of message 1, ... An empty artifact still
// gets one empty chunk, so every artifact is announced. No artifacts: one
// empty message.
std::vector<std::vector<v1::ArtifactChunk>> packChunks(const std::vector<std::string_view> &artifacts);

class ResultAssembler {
 public:
  // For the artifacts a header declares; nothing (with `error`) when their
  // declared sizes are negative or add up to more than `max_bytes`.
  static std::optional<ResultAssembler> begin(const google::protobuf::RepeatedPtrField<v1::ArtifactInfo> &artifacts,
                                              std::int64_t max_bytes, std::string &error);

  // False (with `error`) on a chunk out of order, out of range, or past its
  // artifact's declared size.
  bool add(const v1::ArtifactChunk &chunk, std::string &error);
  // Every artifact has its declared size.
  bool complete() const;
  // Whose digests to check. kilnd checks a worker's (it trusts no worker
  // and caches what it gets); a client of kilnd need not re-hash what kilnd
  // read from its verified cache or checked on arrival: a kilnd that lied
  // could send matching digests anyway, and the hash would cost a hit ~30%.
  enum class Digests { kVerify, kTrustSender };
  // The bytes, in header order, once complete() (and, with kVerify, each
  // matches its digest); nothing (with `error`, naming the artifact) otherwise.
  std::optional<std::vector<std::string>> finish(std::string &error, Digests digests = Digests::kVerify);

 private:
  struct Expected {
    std::string name;
    std::string digest;
    std::int64_t size;
  };
  std::vector<Expected> expected_;
  std::vector<std::string> bytes_;
};

}  // namespace kiln::wire
