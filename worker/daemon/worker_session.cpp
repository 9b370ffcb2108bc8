#include "worker/daemon/worker_session.h"

#include <unistd.h>

#include <condition_variable>
#include <deque>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "kiln/v1/worker.grpc.pb.h"
#include "proto/convert/wire_convert.h"
#include "proto/convert/worker_messages.h"
#include "worker/daemon/isolated_job.h"

#ifndef KILN_VERSION
#define KILN_VERSION "0.1.0"
#endif

namespace kiln::worker {
namespace {

bool readFile(const std::string &path, std::string &out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::stringstream bytes;
  bytes << in.rdbuf();
  out = bytes.str();
  return true;
}

std::string defaultWorkerId() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return std::string(host) + "-" + std::to_string(getpid());
}

v1::Capabilities toProto(const WorkerConfig &config, const WorkerCapabilities &capabilities, int slots) {
  v1::Capabilities out;
  out.set_worker_id(config.id.empty() ? defaultWorkerId() : config.id);
  for (const std::string &target : capabilities.targets) out.add_targets(target);
  for (const std::string &target : capabilities.known_targets) out.add_known_targets(target);
  for (const EmitRoute &route : capabilities.routes) *out.add_routes() = wire::toProto(route);
  for (const auto &[name, identity] : capabilities.profile.tools) {
    v1::Toolchain *tool = out.add_toolchains();
    tool->set_name(name);
    tool->set_identity(identity);
  }
  v1::Toolchain *lowering = out.add_toolchains();
  lowering->set_name("lowering");
  lowering->set_identity(capabilities.profile.lowering);
  out.mutable_settings()->insert(capabilities.profile.settings.begin(), capabilities.profile.settings.end());
  for (const std::string &why : capabilities.missing_tools) out.add_missing_tools(why);
  out.set_slots(slots);
  out.set_version(KILN_VERSION);
  return out;
}

}  // namespace

struct WorkerSession::Connection {
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReaderWriter<v1::WorkerMessage, v1::HubMessage>> stream;
  std::mutex write_mutex;
  bool write(const v1::WorkerMessage &message) {
    std::lock_guard lock(write_mutex);
    return stream->Write(message);
  }
  // A result's messages as one run, with no heartbeat or other result
  // between them: kilnd takes anything else in the middle of a result as
  // the result stopping short of its sizes (proto/convert/worker_messages.h).
  bool writeRun(const std::vector<v1::WorkerMessage> &messages) {
    std::lock_guard lock(write_mutex);
    for (const v1::WorkerMessage &message : messages)
      if (!stream->Write(message)) return false;
    return true;
  }

  // The job queue of this connection, served by the slot threads.
  std::mutex mutex;
  std::condition_variable wake;       // slot threads: a job or closing
  std::condition_variable heartbeat;  // the heartbeat thread: closing
  std::deque<v1::Job> jobs;
  // The jobs now running, by id, with the flag that stops each one's child.
  std::map<std::int64_t, std::shared_ptr<std::atomic<bool>>> running;
  bool closing = false;
  std::atomic<int> busy{0};

  // Called with `mutex` held: kilnd cancels a job when nobody waits for it
  // any more, and a closed stream leaves no one to send a result to.
  void stopRunning(std::int64_t job) {
    if (auto it = running.find(job); it != running.end()) it->second->store(true);
  }
  void stopAllRunning() {
    for (auto &[id, flag] : running) flag->store(true);
  }
};

WorkerSession::WorkerSession(WorkerConfig config, std::shared_ptr<const WorkerBackends> backends,
                             WorkerCapabilities capabilities)
    : config_(std::move(config)), backends_(std::move(backends)), capabilities_(std::move(capabilities)) {}

WorkerSession::~WorkerSession() { stop(); }

void WorkerSession::stop() {
  stopping_ = true;
  std::lock_guard lock(connection_mutex_);
  if (connection_) connection_->context.TryCancel();
}

SessionEnd WorkerSession::run(const std::function<void(const std::string &)> &log) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!config_.tls_ca_file.empty() || !config_.tls_cert_file.empty()) {
    grpc::SslCredentialsOptions tls;
    if ((!config_.tls_ca_file.empty() && !readFile(config_.tls_ca_file, tls.pem_root_certs)) ||
        (!config_.tls_cert_file.empty() && !readFile(config_.tls_cert_file, tls.pem_cert_chain)) ||
        (!config_.tls_key_file.empty() && !readFile(config_.tls_key_file, tls.pem_private_key))) {
      log("cannot read the TLS files");
      return SessionEnd::kBadConfig;
    }
    credentials = grpc::SslCredentials(tls);
  }
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(64 << 20);
  auto channel = grpc::CreateCustomChannel(config_.server, credentials, arguments);
  auto stub = v1::WorkerHub::NewStub(channel);
  const int slots = config_.slots > 0 ? config_.slots : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const v1::Capabilities hello = toProto(config_, capabilities_, slots);

  auto backoff = config_.initial_backoff;
  int attempts = 0;
  auto sleepBackoff = [&] {
    auto until = std::chrono::steady_clock::now() + backoff;
    while (!stopping_ && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    backoff = std::min(backoff * 2, config_.max_backoff);
  };
  while (!stopping_) {
    Connection connection;
    connection.context.AddMetadata("authorization", "Bearer " + config_.token);
    {
      std::lock_guard lock(connection_mutex_);
      if (stopping_) break;
      connection_ = &connection;
    }
    connection.stream = stub->Connect(&connection.context);
    v1::WorkerMessage message;
    *message.mutable_hello()->mutable_capabilities() = hello;
    v1::HubMessage reply;
    bool welcomed = connection.write(message) && connection.stream->Read(&reply) && reply.has_welcome();
    if (welcomed) {
      attempts = 0;
      backoff = config_.initial_backoff;
      auto period = std::chrono::milliseconds(
          std::max<std::int64_t>(50, static_cast<std::int64_t>(reply.welcome().heartbeat_period_s() * 1000)));
      log("connected to " + config_.server + " as " + hello.worker_id() + " with " + std::to_string(slots) + " slot(s)");
      std::vector<std::thread> threads;
      for (int i = 0; i < slots; ++i)
        threads.emplace_back([&] {
          for (;;) {
            v1::Job job;
            {
              std::unique_lock lock(connection.mutex);
              connection.wake.wait(lock, [&] { return connection.closing || !connection.jobs.empty(); });
              if (connection.closing) return;
              job = std::move(connection.jobs.front());
              connection.jobs.pop_front();
            }
            ++connection.busy;
            auto cancelled = std::make_shared<std::atomic<bool>>(false);
            {
              std::lock_guard lock(connection.mutex);
              connection.running[job.job_id()] = cancelled;
            }
            wire::SpecResult spec = wire::fromSpec(job.spec());
            CompileResult result;
            if (spec.request) {
              // kilnd's deadline for the job, within the worker's own bound.
              JobLimits limits = config_.job_limits;
              auto budget = std::chrono::milliseconds(static_cast<std::int64_t>(job.deadline_s() * 1000));
              if (budget.count() > 0) limits.wall = std::min(limits.wall, budget);
              result = runIsolated([&] { return runJob(*spec.request, *backends_); }, spec.request->source.name,
                                   limits, cancelled.get());
            } else {
              Diagnostic d;
              d.message = "the worker cannot run this job: " + spec.error;
              result.diagnostics.push_back(d);
            }
            {
              std::lock_guard lock(connection.mutex);
              connection.running.erase(job.job_id());
            }
            connection.writeRun(wire::resultMessages(job.job_id(), result));
            --connection.busy;
          }
        });
      std::thread heartbeat([&] {
        auto next = std::chrono::steady_clock::now() + period;
        for (;;) {
          {
            std::unique_lock lock(connection.mutex);
            if (connection.heartbeat.wait_until(lock, next, [&] { return connection.closing; })) return;
          }
          v1::WorkerMessage beat;
          beat.mutable_heartbeat()->set_busy(connection.busy);
          connection.write(beat);
          next += period;
        }
      });
      while (connection.stream->Read(&reply)) {
        std::lock_guard lock(connection.mutex);
        if (reply.has_job()) {
          connection.jobs.push_back(reply.job());
          connection.wake.notify_one();
        } else if (reply.has_cancel()) {
          // A job not yet started is dropped; a running one is stopped, so a
          // hostile kernel holds a core no longer than someone waits for it.
          std::erase_if(connection.jobs, [&](const v1::Job &j) { return j.job_id() == reply.cancel().job_id(); });
          connection.stopRunning(reply.cancel().job_id());
        }
      }
      {
        std::lock_guard lock(connection.mutex);
        connection.closing = true;
        connection.stopAllRunning();
      }
      connection.wake.notify_all();
      connection.heartbeat.notify_all();
      heartbeat.join();
      for (std::thread &t : threads) t.join();
    }
    connection.stream->WritesDone();
    grpc::Status status = connection.stream->Finish();
    {
      std::lock_guard lock(connection_mutex_);
      connection_ = nullptr;
    }
    if (stopping_) break;
    if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
      log("kilnd at " + config_.server + " refused this worker: " + status.error_message());
      return SessionEnd::kUnauthenticated;
    }
    log(std::string(welcomed ? "disconnected from " : "cannot connect to ") + config_.server + ": " +
        (status.ok() ? std::string("stream closed") : status.error_message()) + "; retrying in " +
        std::to_string(backoff.count()) + " ms");
    if (config_.max_connect_attempts > 0 && ++attempts >= config_.max_connect_attempts) return SessionEnd::kGaveUp;
    sleepBackoff();
  }
  return SessionEnd::kStopped;
}

}  // namespace kiln::worker
