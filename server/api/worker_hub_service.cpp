#include "server/api/worker_hub_service.h"

#include <map>
#include <mutex>

#include "proto/convert/artifact_names.h"
#include "proto/convert/wire_convert.h"
#include "proto/convert/worker_messages.h"

namespace kiln::server {
namespace {

using Stream = grpc::ServerReaderWriter<v1::HubMessage, v1::WorkerMessage>;

// Writes to one worker's stream. The scheduler calls it from client
// threads while the stream's own thread reads; `closed` keeps anyone from
// writing once Connect has returned and the stream is gone. It remembers
// what each job sent on it asked for, so the job's result can be held to
// that: a worker answers only for jobs it was given, with what they asked.
class RemoteWorkerLink : public WorkerLink {
 public:
  RemoteWorkerLink(grpc::ServerContext *context, Stream *stream) : context_(context), stream_(stream) {}

  bool send(JobId job, const CompileRequest &request, std::chrono::milliseconds budget) override {
    {
      std::lock_guard lock(mutex_);
      sent_[job] = request.emit;  // before the write: the answer may come at once
    }
    v1::HubMessage message;
    message.mutable_job()->set_job_id(job);
    *message.mutable_job()->mutable_spec() = wire::toSpec(request);
    message.mutable_job()->set_deadline_s(static_cast<double>(budget.count()) / 1000.0);
    return write(message);
  }
  void cancel(JobId job) override {
    v1::HubMessage message;
    message.mutable_cancel()->set_job_id(job);
    write(message);
  }
  void disconnect(const std::string &) override {
    std::lock_guard lock(mutex_);
    if (!closed_) context_->TryCancel();
  }
  bool write(const v1::HubMessage &message) {
    std::lock_guard lock(mutex_);
    return !closed_ && stream_->Write(message);
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }
  // The emit kinds job `job` asked for, once; nothing when it was never
  // sent on this link or was answered already. Kept past a cancel: a
  // running job still answers, and its result still feeds the cache.
  std::optional<std::vector<Emit>> takeSent(JobId job) {
    std::lock_guard lock(mutex_);
    auto it = sent_.find(job);
    if (it == sent_.end()) return std::nullopt;
    std::vector<Emit> emit = std::move(it->second);
    sent_.erase(it);
    return emit;
  }

 private:
  std::mutex mutex_;
  std::map<JobId, std::vector<Emit>> sent_;
  grpc::ServerContext *context_;
  Stream *stream_;
  bool closed_ = false;
};

}  // namespace

WorkerInfo workerInfoFrom(const v1::Capabilities &capabilities) {
  WorkerInfo info;
  info.id = capabilities.worker_id();
  info.targets.insert(capabilities.targets().begin(), capabilities.targets().end());
  info.known_targets.insert(capabilities.known_targets().begin(), capabilities.known_targets().end());
  // A worker from before known_targets knows at least what it serves.
  info.known_targets.insert(info.targets.begin(), info.targets.end());
  for (const v1::EmitRoute &route : capabilities.routes())
    if (std::optional<EmitRoute> known = wire::fromProto(route)) info.routes.push_back(std::move(*known));
  for (const v1::Toolchain &tool : capabilities.toolchains()) {
    if (tool.name() == "lowering")
      info.profile.lowering = tool.identity();
    else
      info.profile.tools[tool.name()] = tool.identity();
  }
  info.profile.settings.insert(capabilities.settings().begin(), capabilities.settings().end());
  // A worker's text reaches clients' error messages: keep a little of it,
  // printable only.
  for (const std::string &why : capabilities.missing_tools()) {
    if (info.missing_tools.size() >= 16) break;
    std::string kept;
    for (char c : why.substr(0, 512)) kept += c >= 0x20 && c < 0x7f ? c : '?';
    info.missing_tools.push_back(std::move(kept));
  }
  info.slots = capabilities.slots();
  info.version = capabilities.version();
  return info;
}

grpc::Status WorkerHubService::Connect(grpc::ServerContext *context, Stream *stream) {
  auto &log = *state_.log;
  AuthResult auth = state_.auth.authenticate(*context, Role::kWorker);
  if (!auth.caller) {
    log.warn("op=worker-connect peer={} refused: {}", context->peer(), auth.error);
    return {grpc::StatusCode::UNAUTHENTICATED, auth.error};
  }
  // kilnd's own child dials a unix socket with a token only kilnd knows;
  // every other worker must show the CA's certificate when one is set.
  const bool local = auth.caller->name == kLocalWorkerName;
  if (!local && !state_.config.tls.worker_ca_file.empty() && !context->auth_context()->IsPeerAuthenticated()) {
    log.warn("op=worker-connect peer={} refused: no verified client certificate", context->peer());
    return {grpc::StatusCode::UNAUTHENTICATED, "workers must present a certificate signed by the worker CA (mTLS)"};
  }
  if (!local && state_.quarantine.contains(auth.caller->name)) {
    log.warn("op=worker-connect token={} peer={} refused: quarantined", auth.caller->name, context->peer());
    return {grpc::StatusCode::PERMISSION_DENIED,
            "this worker's token is quarantined: its artifacts disagreed with another worker's; fix or revoke it, "
            "then restart kilnd"};
  }
  v1::WorkerMessage message;
  if (!stream->Read(&message) || !message.has_hello())
    return {grpc::StatusCode::INVALID_ARGUMENT, "a worker's first message must be Hello with its capabilities"};
  WorkerInfo info = workerInfoFrom(message.hello().capabilities());
  if (info.id.empty()) info.id = auth.caller->name + "@" + context->peer();
  info.local = local;
  info.token = auth.caller->name;
  info.trusted = local || auth.caller->trusted;
  if (local) info.id = "local";
  std::string name = info.id;

  auto link = std::make_shared<RemoteWorkerLink>(context, stream);
  v1::HubMessage welcome;
  welcome.mutable_welcome()->set_heartbeat_period_s(
      static_cast<double>(state_.config.scheduler.heartbeat_period.count()) / 1000.0);
  if (!link->write(welcome)) return {grpc::StatusCode::CANCELLED, "the worker went away"};
  log.info("op=worker-connect worker={} token={} peer={} slots={} targets={} tools={}", name, auth.caller->name,
           context->peer(), info.slots, info.targets.size(), info.profile.tools.size());
  if (std::string refused = state_.targets.add(info.known_targets, info.routes); !refused.empty())
    log.warn("op=worker-connect worker={} advertised {}; that part was ignored", name, refused);
  WorkerId id = state_.scheduler.addWorker(std::move(info), link);
  state_.arrivals.announce();  // compiles waiting for a worker look again

  // Digests, names, kinds and counts are checked here: a worker's word
  // about its result is never taken. A worker that breaks the protocol or
  // lies about a result is dropped; the job it lied about fails at once
  // with a diagnostic naming it (a failure is never cached).
  wire::ResultReceiver results(state_.config.max_result_bytes, "kilnd");
  std::string why = "disconnected";
  auto failJob = [&](JobId job, const std::string &problem) {
    log.warn("op=worker-result worker={} job={} refused: {}", name, job, problem);
    state_.scheduler.complete(
        id, job, failedResult("worker " + name + " sent a result kilnd refuses (" + problem + "); it was disconnected",
                              "kilnd"));
  };
  while (stream->Read(&message)) {
    state_.scheduler.heartbeat(id);
    std::string error;
    std::optional<wire::ResultReceiver::Completed> done = results.add(message, error);
    if (!error.empty()) {
      if (std::optional<std::uint64_t> job = results.brokenJob(); job && link->takeSent(*job)) failJob(*job, error);
      why = "protocol error: " + error;
      break;
    }
    if (!done) continue;
    std::optional<std::vector<Emit>> asked = link->takeSent(done->job);
    if (!asked) {
      why = "protocol error: a result for job " + std::to_string(done->job) + ", which this worker was not given";
      break;
    }
    if (std::string problem = wire::resultShapeProblem(*asked, done->result); !problem.empty()) {
      failJob(done->job, problem);
      why = "protocol error: " + problem;
      break;
    }
    state_.scheduler.complete(id, done->job, std::move(done->result));
  }
  link->close();
  state_.scheduler.removeWorker(id, why);
  log.info("op=worker-disconnect worker={} reason={}", name, why);
  if (why.rfind("protocol error", 0) == 0) return {grpc::StatusCode::INVALID_ARGUMENT, why};
  return grpc::Status::OK;
}

}  // namespace kiln::server
