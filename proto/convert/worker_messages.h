// A job's result as worker messages, and back: the one way a result leaves
// a job, whether over kiln-worker's stream to kilnd or over the pipe from
// the job's child process to kiln-worker.
//
//   JobResult (header, first chunks inline) -> WorkerChunk ... (the rest)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/compile_result.h"
#include "kiln/v1/worker.pb.h"
#include "proto/convert/artifact_chunks.h"

namespace kiln::wire {

std::vector<v1::WorkerMessage> resultMessages(std::uint64_t job, const CompileResult &result);

// Collects results from a stream of worker messages. A result's chunks
// follow its JobResult with no other message between them (the sender
// writes them as one run), so the assembler knows at once when a result
// stops short of the sizes it declared. A sender that breaks the protocol
// (a chunk for no result, out of order, past its size, any other message
// while a result still lacks bytes, a result over the byte budget) gets an
// error: drop it. Bytes that do not match their digest are that job's
// failure, reported as a diagnostic by `reporter`, never served.
class ResultReceiver {
 public:
  ResultReceiver(std::int64_t max_result_bytes, std::string reporter)
      : max_result_bytes_(max_result_bytes), reporter_(std::move(reporter)) {}

  struct Completed {
    std::uint64_t job = 0;
    CompileResult result;
  };
  // Takes a result or chunk message; a result once all its bytes are in.
  // `error` is set (and nothing returned) on a protocol error.
  std::optional<Completed> add(const v1::WorkerMessage &message, std::string &error);
  // Whether a result still waits for bytes.
  bool pending() const { return pending_.has_value(); }
  // After a protocol error: the job whose result broke it, if the error
  // was in a result (its header or its bytes), so the caller can fail that
  // job at once instead of letting it wait.
  std::optional<std::uint64_t> brokenJob() const { return broken_job_; }

 private:
  struct Pending {
    std::uint64_t job = 0;
    v1::JobResult header;
    ResultAssembler bytes;
  };
  std::optional<Completed> finishIfComplete();
  std::optional<Completed> fail(std::uint64_t job, std::string message, std::string &error);

  std::int64_t max_result_bytes_;
  std::string reporter_;
  std::optional<Pending> pending_;
  std::optional<std::uint64_t> broken_job_;
};

}  // namespace kiln::wire
