// One running kilnd: cache, scheduler, optional in-process worker, and the
// gRPC server with the Compiler, WorkerHub, health and reflection services.
// kilnd's main() and the integration tests both run it through here.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "server/config/server_config.h"

namespace grpc {
class Server;
}

namespace kiln::server {

struct ServiceState;
class CompileService;
class WorkerHubService;
class LocalWorkerProcess;
class AcceptLoop;

class KilnServer {
 public:
  // Nothing, with `error` set, when the cache cannot be opened, a token or
  // TLS file cannot be read, or the address cannot be bound.
  static std::unique_ptr<KilnServer> start(ServerConfig config, std::string &error);
  ~KilnServer();

  int port() const { return port_; }
  std::string address() const;  // "127.0.0.1:<port>"
  // The address behind a peer string gRPC gives a connection kilnd's accept
  // loop handed over ("fd:<n>"); other peer strings as they are.
  std::string peerAddress(const std::string &grpc_peer) const;
  const ServerConfig &config() const;
  ServiceState &state() { return *state_; }

  // The local worker child (0 when there is none) and how often it was
  // restarted, for operators' status and for tests that kill it.
  int localWorkerPid() const;
  int localWorkerRestarts() const;

  // Refuses new compiles, lets jobs in flight finish (up to drain_timeout),
  // then stops. Safe to call more than once.
  void shutdown();

 private:
  KilnServer() = default;

  std::unique_ptr<ServiceState> state_;
  std::unique_ptr<CompileService> compile_service_;
  std::unique_ptr<WorkerHubService> worker_hub_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<AcceptLoop> accept_loop_;  // plain-TCP listens; stopped before server_ shuts down
  // What TokenAuth's peer resolver reads: set once the loop runs.
  std::shared_ptr<std::atomic<const AcceptLoop *>> peer_loop_ = std::make_shared<std::atomic<const AcceptLoop *>>(nullptr);
  std::unique_ptr<LocalWorkerProcess> local_worker_;
  std::string local_dir_;  // the local worker's socket and token; removed on shutdown
  std::thread ticker_;
  int port_ = 0;
  std::atomic<bool> stopped_{false};
};

}  // namespace kiln::server
