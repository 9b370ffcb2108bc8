// One Compile call's work, in two halves so the gRPC reactor can answer
// hits on its own thread and hand only misses to a thread that may block:
//   fast(): auth, limits, validation, the direct-key lookups (memory, then
//           SQLite); an answer, or nothing when the request needs more
//   slow(): when no connected worker could serve it, a bounded wait for one
//           (worker_arrivals.h); the canonical-key lookup (parses the IR),
//           then a scheduled job, waited for until it ends or `cancel` is
//           cancelled
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <grpcpp/server_context.h>

#include "kiln/v1/compiler.pb.h"
#include "server/api/service_state.h"
#include "server/scheduler/cancel_signal.h"
#include "worker/pipeline/cache_through.h"

namespace kiln::server {

// The replies to send, then the status to finish with.
struct CompileAnswer {
  grpc::Status status;
  std::vector<v1::CompileReply> replies;
};

class CompileFlow {
 public:
  CompileFlow(ServiceState &state, const grpc::ServerContextBase &context, const v1::CompileRequest &call);
  ~CompileFlow();

  std::optional<CompileAnswer> fast();
  CompileAnswer slow(CancelSignal &cancel);
  // The answer is ready: the compile no longer counts against the client's
  // in-flight limit, even while the reply is still being written.
  void release() { slot_.reset(); }

 private:
  CompileAnswer refuse(grpc::StatusCode code, const std::string &message);
  CompileAnswer done(const CompileResult &result, bool hit, const std::string &key, const std::string &worker,
                     const std::vector<std::string> &digests = {});
  CompileAnswer answer(const HotResult &hot);
  // Who can serve the request: sets tools_ and profiles_; a refusal when
  // nobody can, with no_worker_ set when the reason is that no connected
  // worker has its target and tools (a wait may cure that).
  std::optional<CompileAnswer> route();
  // Waits up to worker_wait for a worker that can serve the request; the
  // refusal when none came.
  std::optional<CompileAnswer> awaitWorker(CancelSignal &cancel);
  // The cache-through policy (worker/pipeline/cache_through.h), logging
  // cache problems under this request's id.
  CacheThrough through();
  // A job that ran to a result, and whether this call joined another's job.
  struct Ran {
    JobOutcome outcome;
    bool joined = false;
  };
  // Schedules the request as job `job_key` and waits for it; an answer when
  // that ends the call (refused, cancelled, failed, answered by a recheck).
  // A second opinion (`second_to` set: the first result) runs on a worker
  // without the first one's token, stores nothing itself, and sets
  // `no_worker` when no such worker is connected.
  std::variant<CompileAnswer, Ran> runJob(const CompileKeys &keys, const ToolchainProfile &profile,
                                          const std::string &job_key, CancelSignal &cancel,
                                          const JobOutcome *second_to = nullptr, bool *no_worker = nullptr);
  // Caches `first` once a second worker agrees (api/second_opinion.h); the
  // answer that ends the call when they disagree or the check cannot end.
  std::optional<CompileAnswer> secondOpinion(const CompileKeys &keys, const ToolchainProfile &profile,
                                             const std::string &key, const JobOutcome &first, CancelSignal &cancel);
  // Quarantines the token of each worker that may have lied.
  std::string quarantine(const JobOutcome &first, const JobOutcome &second);
  // Keeps an answer in memory under the direct key, for the next identical request.
  std::shared_ptr<const HotResult> remember(const std::string &direct, CacheHit hit, const std::string &key);

  ServiceState &state_;
  const grpc::ServerContextBase &context_;
  const v1::CompileRequest &call_;
  std::chrono::steady_clock::time_point started_;
  std::string id_;
  std::string client_;
  std::optional<ClientLimits::Slot> slot_;  // held until the flow ends
  CompileRequest request_;
  std::vector<std::string> tools_;
  std::vector<ToolchainProfile> profiles_;
  bool no_worker_ = false;
};

}  // namespace kiln::server
