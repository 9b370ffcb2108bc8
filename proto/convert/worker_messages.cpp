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

std::optional<ResultReceiver::Completed> ResultReceiver::fail(std::uint64_t job, std::string message,
                                                              std::string &error) {
  broken_job_ = job;
  pending_.reset();
  error = std::move(message);
  return std::nullopt;
}

std::optional<ResultReceiver::Completed> ResultReceiver::finishIfComplete() {
  if (!pending_->bytes.complete()) return std::nullopt;
  Completed done;
  done.job = pending_->job;
  std::string mismatch;
  if (std::optional<std::vector<std::string>> bytes = pending_->bytes.finish(mismatch)) {
    done.result = readResult(pending_->header, std::move(*bytes));
  } else {
    // The result is not served: its own diagnostics are dropped with it,
    // since whoever sent bytes that lie may lie in those too.
    done.result = failedResult("the worker sent a result that cannot be trusted: " + mismatch, reporter_);
  }
  pending_.reset();
  return done;
}

std::optional<ResultReceiver::Completed> ResultReceiver::add(const v1::WorkerMessage &message, std::string &error) {
  const bool is_chunk = message.has_chunk();
  if (pending_ && !(is_chunk && message.chunk().job_id() == pending_->job)) {
    // The sender moved on while the result still lacks bytes: they will
    // never come, and waiting for them would hang the job.
    std::uint64_t job = pending_->job;
    return fail(job,
                "the result of job " + std::to_string(job) + " stopped short of the artifact sizes it declared",
                error);
  }
  if (message.has_result()) {
    const v1::JobResult &header = message.result();
    std::optional<ResultAssembler> bytes = ResultAssembler::begin(header.artifacts(), max_result_bytes_, error);
    if (!bytes) return fail(header.job_id(), std::move(error), error);
    v1::JobResult kept = header;
    kept.clear_chunks();
    pending_.emplace(Pending{header.job_id(), std::move(kept), std::move(*bytes)});
    for (const v1::ArtifactChunk &chunk : header.chunks())
      if (!pending_->bytes.add(chunk, error)) return fail(header.job_id(), std::move(error), error);
    return finishIfComplete();
  }
  if (is_chunk) {
    if (!pending_) {
      error = "chunk for job " + std::to_string(message.chunk().job_id()) + ", which has no result in progress";
      return std::nullopt;
    }
    if (!pending_->bytes.add(message.chunk().chunk(), error)) return fail(pending_->job, std::move(error), error);
    return finishIfComplete();
  }
  return std::nullopt;  // hello, heartbeat: not a result's
}

}  // namespace kiln::wire
