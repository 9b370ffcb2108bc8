#include "server/api/worker_hub_service.h"

#include <map>
#include <mutex>

#include "cache/digest.h"
#include "proto/convert/wire_convert.h"

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

// A result whose artifact bytes are still arriving.
struct PendingResult {
  v1::JobResult header;
  wire::ArtifactAssembler bytes;
  bool complete() {
    for (int i = 0; i < header.artifacts_size(); ++i)
      if (static_cast<std::int64_t>(bytes.bytes(i).size()) < header.artifacts(i).size()) return false;
    return true;
  }
};

// The CompileResult a worker reported. The artifacts' digests are checked
// here: a worker's word about its bytes is never taken.
CompileResult toCompileResult(PendingResult &pending) {
  CompileResult result;
  for (const v1::Diagnostic &d : pending.header.diagnostics()) result.diagnostics.push_back(wire::fromProto(d));
  for (const v1::StageTiming &t : pending.header.timings()) result.timings.push_back({t.stage(), t.ms()});
  for (const std::string &tool : pending.header.tools()) result.tools.push_back(tool);
  result.oracle_verdict = pending.header.oracle_verdict();
  for (int i = 0; i < pending.header.artifacts_size(); ++i) {
    const v1::ArtifactInfo &info = pending.header.artifacts(i);
    std::string &bytes = pending.bytes.bytes(i);
    if (static_cast<std::int64_t>(bytes.size()) != info.size() || cache::Digest::of(bytes).hex() != info.digest()) {
      Diagnostic d;
      d.tool = "kilnd";
      d.message = "the worker sent artifact " + info.name() + " with bytes that do not match its digest";
      result.diagnostics.push_back(std::move(d));
      result.artifacts.clear();
      return result;
    }
    result.artifacts.push_back({info.name(), info.kind(), std::move(bytes)});
  }
  return result;
}

}  // namespace

WorkerInfo workerInfoFrom(const v1::Capabilities &capabilities) {
  WorkerInfo info;
  info.id = capabilities.worker_id();
  info.targets.insert(capabilities.targets().begin(), capabilities.targets().end());
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
  if (!state_.config.tls.worker_ca_file.empty() && !context->auth_context()->IsPeerAuthenticated()) {
    log.warn("op=worker-connect peer={} refused: no verified client certificate", context->peer());
    return {grpc::StatusCode::UNAUTHENTICATED, "workers must present a certificate signed by the worker CA (mTLS)"};
  }
  v1::WorkerMessage message;
  if (!stream->Read(&message) || !message.has_hello())
    return {grpc::StatusCode::INVALID_ARGUMENT, "a worker's first message must be Hello with its capabilities"};
  WorkerInfo info = workerInfoFrom(message.hello().capabilities());
  if (info.id.empty()) info.id = auth.caller->name + "@" + context->peer();
  std::string name = info.id;

  auto link = std::make_shared<RemoteWorkerLink>(context, stream);
  v1::HubMessage welcome;
  welcome.mutable_welcome()->set_heartbeat_period_s(
      static_cast<double>(state_.config.scheduler.heartbeat_period.count()) / 1000.0);
  if (!link->write(welcome)) return {grpc::StatusCode::CANCELLED, "the worker went away"};
  log.info("op=worker-connect worker={} token={} peer={} slots={} targets={} tools={}", name, auth.caller->name,
           context->peer(), info.slots, info.targets.size(), info.profile.tools.size());
  WorkerId id = state_.scheduler.addWorker(std::move(info), link);

  std::map<JobId, PendingResult> pending;
  std::string why = "disconnected";
  while (stream->Read(&message)) {
    state_.scheduler.heartbeat(id);
    if (message.has_result()) {
      JobId job = message.result().job_id();
      PendingResult result{message.result(), wire::ArtifactAssembler(message.result().artifacts_size())};
      if (result.complete()) {
        state_.scheduler.complete(id, job, toCompileResult(result));
      } else {
        pending.insert_or_assign(job, std::move(result));
      }
    } else if (message.has_chunk()) {
      auto it = pending.find(message.chunk().job_id());
      std::string error;
      if (it == pending.end() || !it->second.bytes.add(message.chunk().chunk(), error)) {
        why = "protocol error: " + (error.empty() ? "chunk for a job without a result" : error);
        break;
      }
      if (it->second.complete()) {
        CompileResult result = toCompileResult(it->second);
        JobId job = it->first;
        pending.erase(it);
        state_.scheduler.complete(id, job, std::move(result));
      }
    }
  }
  link->close();
  state_.scheduler.removeWorker(id, why);
  log.info("op=worker-disconnect worker={} reason={}", name, why);
  if (why.rfind("protocol error", 0) == 0) return {grpc::StatusCode::INVALID_ARGUMENT, why};
  return grpc::Status::OK;
}

}  // namespace kiln::server
