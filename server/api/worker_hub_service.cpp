#include "server/api/worker_hub_service.h"

#include <map>
#include <mutex>

#include "proto/convert/wire_convert.h"
#include "proto/convert/worker_messages.h"

namespace kiln::server {
namespace {

using Stream = grpc::ServerReaderWriter<v1::HubMessage, v1::WorkerMessage>;

// Writes to one worker's stream. The scheduler calls it from client
// threads while the stream's own thread reads; `closed` keeps anyone from
// writing once Connect has returned and the stream is gone.
class RemoteWorkerLink : public WorkerLink {
 public:
  RemoteWorkerLink(grpc::ServerContext *context, Stream *stream) : context_(context), stream_(stream) {}

  bool send(JobId job, const CompileRequest &request, std::chrono::milliseconds budget) override {
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

 private:
  std::mutex mutex_;
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
  v1::WorkerMessage message;
  if (!stream->Read(&message) || !message.has_hello())
    return {grpc::StatusCode::INVALID_ARGUMENT, "a worker's first message must be Hello with its capabilities"};
  WorkerInfo info = workerInfoFrom(message.hello().capabilities());
  if (info.id.empty()) info.id = auth.caller->name + "@" + context->peer();
  info.local = local;
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

  // Digests are checked here: a worker's word about its bytes is never taken.
  wire::ResultReceiver results(state_.config.max_result_bytes, "kilnd");
  std::string why = "disconnected";
  while (stream->Read(&message)) {
    state_.scheduler.heartbeat(id);
    std::string error;
    std::optional<wire::ResultReceiver::Completed> done = results.add(message, error);
    if (!error.empty()) {
      why = "protocol error: " + error;
      break;
    }
    if (done) state_.scheduler.complete(id, done->job, std::move(done->result));
  }
  link->close();
  state_.scheduler.removeWorker(id, why);
  log.info("op=worker-disconnect worker={} reason={}", name, why);
  if (why.rfind("protocol error", 0) == 0) return {grpc::StatusCode::INVALID_ARGUMENT, why};
  return grpc::Status::OK;
}

}  // namespace kiln::server
