#include "server/kilnd/kiln_server.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <openssl/rand.h>

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/server_posix.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "server/api/compile_service.h"
#include "server/api/worker_hub_service.h"
#include "server/kilnd/accept_loop.h"
#include "server/kilnd/connection_limits.h"
#include "server/kilnd/listen_address.h"
#include "server/local/local_worker_process.h"

namespace kiln::server {
namespace {

std::shared_ptr<spdlog::logger> kilndLogger() {
  if (auto existing = spdlog::get("kilnd")) return existing;
  auto logger = spdlog::stderr_color_mt("kilnd");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %n %l %v");
  return logger;
}

bool readFile(const std::string &path, std::string &out, std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot read " + path;
    return false;
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  out = bytes.str();
  return true;
}

std::shared_ptr<grpc::ServerCredentials> credentialsFor(const TlsConfig &tls, std::string &error) {
  if (!tls.enabled()) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  if (!readFile(tls.key_file, pair.private_key, error) || !readFile(tls.cert_file, pair.cert_chain, error))
    return nullptr;
  options.pem_key_cert_pairs.push_back(pair);
  if (!tls.worker_ca_file.empty()) {
    if (!readFile(tls.worker_ca_file, options.pem_root_certs, error)) return nullptr;
    // Clients may come without a certificate; the worker stream checks.
    options.client_certificate_request = GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

struct LocalWorkerEndpoint {
  std::string dir;
  std::string socket;
  std::string token_file;
};

// Where the local worker child dials in, and the token it shows: a fresh
// folder only this user can enter (mkdtemp makes it 0700), holding a socket
// and a random token. Under $TMPDIR, not the data dir, because a unix
// socket's path must fit sockaddr_un (108 bytes) and data dirs can be long.
std::optional<LocalWorkerEndpoint> prepareLocalWorker(TokenAuth &auth, std::string &error) {
  const char *tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/kilnd-XXXXXX";
  if (!mkdtemp(pattern.data())) {
    error = "cannot make a folder for the local worker's socket under " + pattern + ": " + strerror(errno);
    return std::nullopt;
  }
  std::filesystem::path dir = pattern;
  LocalWorkerEndpoint out{dir.string(), (dir / "worker.sock").string(), (dir / "token").string()};
  if (out.socket.size() > 100) {
    error = "TMPDIR is too long a path for the local worker's socket (" + out.socket + ")";
    return std::nullopt;
  }
  std::error_code ec;
  unsigned char random[32];
  if (RAND_bytes(random, sizeof random) != 1) {
    error = "cannot make a token for the local worker (no randomness)";
    return std::nullopt;
  }
  static const char *hex = "0123456789abcdef";
  std::string token;
  for (unsigned char b : random) token += {hex[b >> 4], hex[b & 15]};
  std::filesystem::remove(out.token_file, ec);
  {
    std::ofstream file(out.token_file, std::ios::trunc);
    file << kLocalWorkerName << " " << token << "\n";
    if (!file) {
      error = "cannot write " + out.token_file;
      return std::nullopt;
    }
  }
  chmod(out.token_file.c_str(), 0600);
  auth.setLocalWorkerToken(token);
  return out;
}

bool localWorkerConnected(Scheduler &scheduler) {
  for (const WorkerSnapshot &w : scheduler.stats().workers)
    if (w.info.local) return true;
  return false;
}

}  // namespace

std::unique_ptr<KilnServer> KilnServer::start(ServerConfig config, std::string &error) {
  std::unique_ptr<KilnServer> server(new KilnServer());
  if (config.data_dir.empty()) config.data_dir = defaultDataDir();
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) {
    error = "cannot create data directory " + config.data_dir + ": " + ec.message();
    return nullptr;
  }
  server->state_ = std::make_unique<ServiceState>(config);
  ServiceState &state = *server->state_;
  state.log = kilndLogger();
  if (std::string e = TokenAuth::load({config.client_tokens_file, config.worker_tokens_file}, state.auth);
      !e.empty()) {
    error = e;
    return nullptr;
  }
  std::optional<LocalWorkerEndpoint> local;
  if (config.local_worker && !(local = prepareLocalWorker(state.auth, error))) return nullptr;
  if (local) server->local_dir_ = local->dir;
  cache::CacheConfig cache_config;
  cache_config.path = (std::filesystem::path(config.data_dir) / "cache.db").string();
  cache_config.max_bytes = config.cache_max_bytes;
  cache_config.max_age = config.cache_max_age;
  auto cache = cache::ArtifactCache::open(cache_config);
  if (!cache) {
    error = cache.error().message;
    return nullptr;
  }
  state.cache = std::move(*cache);

  std::shared_ptr<grpc::ServerCredentials> credentials = credentialsFor(config.tls, error);
  if (!credentials) return nullptr;
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  server->compile_service_ = std::make_unique<CompileService>(state);
  server->worker_hub_ = std::make_unique<WorkerHubService>(state);
  grpc::ServerBuilder builder;
  // Plain TCP: kilnd binds and accepts itself (kilnd/accept_loop.h), since
  // gRPC 1.51's listener stops for good at the first EMFILE. TLS and unix
  // sockets stay on gRPC's listener: 1.51 takes only insecure connections
  // by descriptor.
  std::optional<TcpListenAddress> tcp;
  if (config.connections.accept_loop && !config.tls.enabled()) tcp = parseTcpListen(config.listen);
  std::optional<TcpListeners> listeners;
  if (tcp) {
    std::string why;
    if (!(listeners = bindTcpListeners(*tcp, why))) {
      error = "cannot listen on " + config.listen + ": " + why;
      return nullptr;
    }
    server->port_ = listeners->port;
  } else {
    builder.AddListeningPort(config.listen, credentials, &server->port_);
  }
  if (local) builder.AddListeningPort("unix:" + local->socket, grpc::InsecureServerCredentials());
  // The cap gRPC enforces before kilnd sees a message, far above the
  // request limit, so a request over the limit gets kilnd's own refusal
  // naming --max-request-bytes (core/wire_limits.h).
  builder.SetMaxReceiveMessageSize(static_cast<int>(grpcReceiveCap(config.max_request_bytes)));
  // One completion queue with a few pollers: on 2 cores, gRPC's default
  // (a queue per core) costs a thread handoff per call; one queue took the
  // library hit p50 from ~300 to ~200 µs (bench/results/service.md).
  applyConnectionLimits(config.connections, builder);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::NUM_CQS, 1);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MIN_POLLERS, config.grpc_min_pollers);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::max(config.grpc_min_pollers, config.grpc_max_pollers));
  builder.RegisterService(server->compile_service_.get());
  builder.RegisterService(server->worker_hub_.get());
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ == 0) {
    error = "cannot listen on " + config.listen + " (address in use or not valid)";
    if (listeners)
      for (int fd : listeners->fds) ::close(fd);
    return nullptr;
  }
  if (listeners) {
    // Only now: a connection may be handed over only to a started server.
    AcceptLoopOptions options;
    options.handshake_timeout = config.connections.handshake_timeout;
    options.max_connections = config.connections.max_connections;
    options.descriptor_reserve = config.connections.descriptor_reserve;
    grpc::Server *grpc_server = server->server_.get();
    // Before the first connection: every call through the loop may ask.
    state.auth.setPeerResolver([loop = server->peer_loop_](const std::string &peer) {
      const AcceptLoop *accepting = loop->load();
      return accepting ? accepting->peerAddress(peer) : peer;
    });
    server->accept_loop_ = AcceptLoop::start(
        std::move(listeners->fds), options, [grpc_server](int fd) { grpc::AddInsecureChannelFromFd(grpc_server, fd); },
        state.log, error);
    if (!server->accept_loop_) return nullptr;
    server->peer_loop_->store(server->accept_loop_.get());
  }

  // Not serving until the embedded default can compile: a health check
  // that passes while the local worker still dials in would let a client
  // compile into "no worker" (compiles that come anyway wait worker_wait).
  if (local) server->server_->GetHealthCheckService()->SetServingStatus(false);
  server->ticker_ = std::thread([&state, raw = server.get()] {
    while (!raw->stopped_) {
      state.scheduler.tick();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  if (local) {
    LocalWorkerConfig worker;
    worker.binary = config.local_worker_binary.empty() ? LocalWorkerProcess::defaultBinary() : config.local_worker_binary;
    worker.server = "unix:" + local->socket;
    worker.token_file = local->token_file;
    worker.slots = config.local_slots;
    auto log = state.log;
    server->local_worker_ =
        std::make_unique<LocalWorkerProcess>(std::move(worker), [log](const std::string &line) { log->warn("{}", line); });
    if (!server->local_worker_->start(error)) return nullptr;
    // Serve only once the embedded default can compile: a client that
    // starts kilnd and compiles at once must not hear "no worker".
    auto deadline = std::chrono::steady_clock::now() + config.local_worker_start_timeout;
    while (!localWorkerConnected(state.scheduler)) {
      if (std::chrono::steady_clock::now() > deadline) {
        error = "the local worker did not connect within " +
                std::to_string(config.local_worker_start_timeout.count() / 1000) + " s (its messages are above)";
        return nullptr;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    server->server_->GetHealthCheckService()->SetServingStatus(true);
  }
  state.log->info("listening on {} (data dir {}, local worker: {}, client tokens: {}, tls: {}, accepted by: {})",
                  server->address(), config.data_dir, config.local_worker ? "yes" : "no",
                  state.auth.clientsNeedTokens() ? "required" : "none", config.tls.enabled() ? "on" : "off",
                  server->accept_loop_ ? "kilnd" : "grpc");
  return server;
}

KilnServer::~KilnServer() { shutdown(); }

int KilnServer::localWorkerPid() const { return local_worker_ ? local_worker_->pid() : 0; }
int KilnServer::localWorkerRestarts() const { return local_worker_ ? local_worker_->restarts() : 0; }

const ServerConfig &KilnServer::config() const { return state_->config; }

std::string KilnServer::peerAddress(const std::string &grpc_peer) const {
  return accept_loop_ ? accept_loop_->peerAddress(grpc_peer) : grpc_peer;
}

std::string KilnServer::address() const {
  std::string host = state_->config.listen.substr(0, state_->config.listen.rfind(':'));
  return host + ":" + std::to_string(port_);
}

void KilnServer::shutdown() {
  if (stopped_ || !state_) return;
  ServiceState &state = *state_;
  state.draining = true;
  if (server_) server_->GetHealthCheckService()->SetServingStatus(false);
  auto deadline = std::chrono::steady_clock::now() + state.config.drain_timeout;
  int active = state.scheduler.activeJobs();
  if (active > 0) state.log->info("draining {} job(s)", active);
  while (state.scheduler.activeJobs() > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  state.scheduler.shutdown();
  // No connection may reach a server that is shutting down.
  if (accept_loop_) accept_loop_->stop();
  // Worker streams never end on their own; give calls a moment, then cancel.
  if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  peer_loop_->store(nullptr);  // no call is left to ask
  if (local_worker_) local_worker_->stop();
  if (!local_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(local_dir_, ec);
  }
  stopped_ = true;
  if (ticker_.joinable()) ticker_.join();
  if (state.cache) (void)state.cache->flush();
  state.log->info("stopped");
}

}  // namespace kiln::server
