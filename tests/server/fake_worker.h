// A fake kiln-worker in the test process: it speaks the WorkerHub protocol
// with a valid token and answers its job with whatever messages the test
// gives it, honest or not. Every wait is bounded by the stream's deadline.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "core/compile_result.h"
#include "kiln/v1/worker.grpc.pb.h"

namespace kiln::test {

inline constexpr const char *kFakeWorkerToken = "worker-token-0123456789abcdef";

// Hello for sm_90 ptx via builtin (tools: llvm), then the job it is given
// answered by `Lie`, then a heartbeat (an honest worker's next message),
// then it waits for kilnd to hang up.
class FakeWorker {
 public:
  using Lie = std::function<std::vector<v1::WorkerMessage>(std::uint64_t job)>;

  FakeWorker(const std::string &address, const std::string &id,
             std::chrono::seconds deadline = std::chrono::seconds(30), const std::string &token = kFakeWorkerToken);
  bool welcomed() const { return welcomed_; }
  // Answers the next job with `lie`; true when kilnd then closed the stream
  // (or the deadline passed), with status() saying how it ended.
  bool answerNextJobWith(const Lie &lie);
  const grpc::Status &status() const { return status_; }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::WorkerHub::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<v1::WorkerMessage, v1::HubMessage>> stream_;
  bool welcomed_ = false;
  grpc::Status status_;
};

// A result with `artifacts` as the worker messages an honest worker sends,
// then changed by `edit`.
FakeWorker::Lie resultWith(std::vector<Artifact> artifacts,
                           std::function<void(std::vector<v1::WorkerMessage> &)> edit = {});

}  // namespace kiln::test
