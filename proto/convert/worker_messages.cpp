#include "proto/convert/worker_messages.h"

#include "proto/convert/result_convert.h"

namespace kiln::wire {

std::vector<v1::WorkerMessage> resultMessages(std::uint64_t job, const CompileResult &result) {
  std::vector<std::string_view> bytes;
  for (const Artifact &a : result.artifacts) bytes.push_back(a.bytes);
  std::vector<std::vector<v1::ArtifactChunk>> packed = packChunks(bytes);
  std::vector<v1::WorkerMessage> out(1);
  v1::JobResult *header = out[0].mutable_result();
  header->set_job_id(job);
  writeResult(result, header);
  for (v1::ArtifactChunk &chunk : packed[0]) *header->add_chunks() = std::move(chunk);
  for (std::size_t m = 1; m < packed.size(); ++m)
    for (v1::ArtifactChunk &chunk : packed[m]) {
      v1::WorkerChunk *piece = out.emplace_back().mutable_chunk();
      piece->set_job_id(job);
      *piece->mutable_chunk() = std::move(chunk);
    }
  return out;
}

std::optional<ResultReceiver::Completed> ResultReceiver::finishIfComplete(
    std::map<std::uint64_t, Pending>::iterator it) {
  if (!it->second.bytes.complete()) return std::nullopt;
  Completed done;
  done.job = it->first;
  std::string mismatch;
  if (std::optional<std::vector<std::string>> bytes = it->second.bytes.finish(mismatch)) {
    done.result = readResult(it->second.header, std::move(*bytes));
  } else {
    // The result is not served: its own diagnostics are dropped with it,
    // since whoever sent bytes that lie may lie in those too.
    done.result = failedResult("the worker sent a result that cannot be trusted: " + mismatch, reporter_);
  }
  pending_.erase(it);
  return done;
}

std::optional<ResultReceiver::Completed> ResultReceiver::add(const v1::WorkerMessage &message, std::string &error) {
  if (message.has_result()) {
    const v1::JobResult &header = message.result();
    std::optional<ResultAssembler> bytes = ResultAssembler::begin(header.artifacts(), max_result_bytes_, error);
    if (!bytes) return std::nullopt;
    v1::JobResult kept = header;
    kept.clear_chunks();
    auto [it, inserted] = pending_.insert_or_assign(header.job_id(), Pending{std::move(kept), std::move(*bytes)});
    for (const v1::ArtifactChunk &chunk : header.chunks())
      if (!it->second.bytes.add(chunk, error)) return std::nullopt;
    return finishIfComplete(it);
  }
  if (message.has_chunk()) {
    auto it = pending_.find(message.chunk().job_id());
    if (it == pending_.end()) {
      error = "chunk for job " + std::to_string(message.chunk().job_id()) + ", which has no result in progress";
      return std::nullopt;
    }
    if (!it->second.bytes.add(message.chunk().chunk(), error)) return std::nullopt;
    return finishIfComplete(it);
  }
  return std::nullopt;  // hello, heartbeat: not a result's
}

}  // namespace kiln::wire
