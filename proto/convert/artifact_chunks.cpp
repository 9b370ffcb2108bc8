#include "proto/convert/artifact_chunks.h"

#include "cache/digest.h"

namespace kiln::wire {

std::vector<std::vector<v1::ArtifactChunk>> packChunks(const std::vector<std::string_view> &artifacts) {
  std::vector<std::vector<v1::ArtifactChunk>> messages(1);
  std::size_t in_message = 0;
  for (std::size_t i = 0; i < artifacts.size(); ++i) {
    std::string_view bytes = artifacts[i];
    std::size_t offset = 0;
    do {
      if (in_message == kChunkBytes) {
        messages.emplace_back();
        in_message = 0;
      }
      std::string_view piece = bytes.substr(offset, kChunkBytes - in_message);
      v1::ArtifactChunk &chunk = messages.back().emplace_back();
      chunk.set_index(static_cast<std::uint32_t>(i));
      chunk.set_offset(static_cast<std::int64_t>(offset));
      chunk.set_data(piece.data(), piece.size());
      offset += piece.size();
      in_message += piece.size();
    } while (offset < bytes.size());
  }
  return messages;
}

std::optional<ResultAssembler> ResultAssembler::begin(
    const google::protobuf::RepeatedPtrField<v1::ArtifactInfo> &artifacts, std::int64_t max_bytes, std::string &error) {
  ResultAssembler out;
  std::int64_t total = 0;
  for (const v1::ArtifactInfo &a : artifacts) {
    if (a.size() < 0 || a.size() > max_bytes - total) {
      error = "artifact " + a.name() + " declares " + std::to_string(a.size()) + " bytes; at most " +
              std::to_string(max_bytes) + " are accepted for one result";
      return std::nullopt;
    }
    total += a.size();
    out.expected_.push_back({a.name(), a.digest(), a.size()});
  }
  out.bytes_.resize(out.expected_.size());
  return out;
}

bool ResultAssembler::add(const v1::ArtifactChunk &chunk, std::string &error) {
  if (chunk.index() >= bytes_.size()) {
    error = "chunk for artifact " + std::to_string(chunk.index()) + " of " + std::to_string(bytes_.size());
    return false;
  }
  std::string &bytes = bytes_[chunk.index()];
  const Expected &expected = expected_[chunk.index()];
  if (chunk.offset() != static_cast<std::int64_t>(bytes.size())) {
    error = "chunk at offset " + std::to_string(chunk.offset()) + " of artifact " + expected.name + " which has " +
            std::to_string(bytes.size()) + " bytes so far";
    return false;
  }
  if (static_cast<std::int64_t>(chunk.data().size()) > expected.size - static_cast<std::int64_t>(bytes.size())) {
    error = "chunk runs past the " + std::to_string(expected.size) + " bytes declared for artifact " + expected.name;
    return false;
  }
  bytes += chunk.data();
  return true;
}

bool ResultAssembler::complete() const {
  for (std::size_t i = 0; i < bytes_.size(); ++i)
    if (static_cast<std::int64_t>(bytes_[i].size()) != expected_[i].size) return false;
  return true;
}

std::optional<std::vector<std::string>> ResultAssembler::finish(std::string &error, Digests digests) {
  if (!complete()) {
    error = "the result ended before all artifact bytes arrived";
    return std::nullopt;
  }
  for (std::size_t i = 0; digests == Digests::kVerify && i < bytes_.size(); ++i)
    if (cache::Digest::of(bytes_[i]).hex() != expected_[i].digest) {
      error = "artifact " + expected_[i].name + " arrived with bytes that do not match its digest";
      return std::nullopt;
    }
  return std::move(bytes_);
}

}  // namespace kiln::wire
