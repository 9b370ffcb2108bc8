// Everything kilnd can be told, with its defaults. Set from one TOML file
// (--config), environment variables (KILND_*) and flags, in rising order of
// precedence; server_flags.cpp names each one.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "core/wire_limits.h"
#include "server/scheduler/scheduler_config.h"

namespace kiln::server {

inline constexpr int kDefaultPort = 7878;

struct TlsConfig {
  std::string cert_file;  // PEM; with key_file, the server speaks TLS
  std::string key_file;
  // PEM CA that signs worker certificates. When set, kilnd asks every peer
  // for a certificate and the worker stream requires a verified one (mTLS);
  // clients may still connect without one.
  std::string worker_ca_file;
  bool enabled() const { return !cert_file.empty(); }
};

// What kilnd allows a connection: how long it may take to say anything, how
// long it may sit idle, how old it may grow, how many calls it may carry,
// and how many threads all of them may take. Without these a client that
// connects and sends nothing holds a descriptor for gRPC's default two
// minutes, and a few hundred such clients exhaust `ulimit -n`. (gRPC 1.51,
// Debian 12's, has no cap on the number of connections: kilnd's own accept
// loop, kilnd/accept_loop.h, has one.)
struct ConnectionLimits {
  // A connection that has not finished the HTTP/2 (and TLS) handshake by
  // then is closed: bare TCP connects that send nothing. On kilnd's own
  // accept loop: the HTTP/2 client preface.
  std::chrono::milliseconds handshake_timeout{std::chrono::seconds(10)};
  // Plain-TCP listens are accepted by kilnd itself (kilnd/accept_loop.h),
  // because gRPC 1.51's listener stops for good at the first EMFILE. false:
  // gRPC's listener, as TLS and unix-socket listens always are.
  bool accept_loop = true;
  // Connections open at once on the accept loop (those still to send their
  // preface too); past it new connects wait in the kernel's backlog. 0: no cap.
  int max_connections = 0;
  // Descriptors the accept loop leaves free under the soft RLIMIT_NOFILE for
  // gRPC and the cache (at most half the limit); past it new connects wait
  // in the backlog.
  int descriptor_reserve = 64;
  // A connection with no call open for this long is closed (GOAWAY). A
  // worker's stream is an open call, so workers are never idle.
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};
  // Connections older than this are asked to go (GOAWAY), calls open on
  // them get max_age_grace to end; 0: no age limit. Off by default because
  // a worker's stream lives as long as the worker: kiln-worker reconnects,
  // but jobs on the stream would run again elsewhere.
  std::chrono::milliseconds max_age{0};
  std::chrono::milliseconds max_age_grace{std::chrono::seconds(30)};
  // kilnd pings a connection that has been quiet this long, and closes it
  // when the ping is not answered within keepalive_timeout: peers that
  // vanished without a FIN.
  std::chrono::milliseconds keepalive_time{std::chrono::minutes(1)};
  std::chrono::milliseconds keepalive_timeout{std::chrono::seconds(20)};
  // Calls open at once on one connection.
  int max_concurrent_streams = 1000;
  // Threads gRPC may run for all calls together (a resource quota).
  // Each worker's stream holds one (WorkerHub is a synchronous service), so
  // this bounds workers too; 0: no bound.
  int max_threads = 2048;
};

struct ServerConfig {
  std::string listen = "127.0.0.1:" + std::to_string(kDefaultPort);
  std::string data_dir;  // default: $XDG_DATA_HOME/kiln or ~/.local/share/kiln

  // The local worker: a kiln-worker child with this machine's toolchains,
  // started and restarted by kilnd (local/local_worker_process.h).
  bool local_worker = true;
  int local_slots = 0;              // 0: one per core
  std::string local_worker_binary;  // default: kiln-worker beside kilnd
  // kilnd serves only once its local worker has connected, or fails to start.
  std::chrono::milliseconds local_worker_start_timeout{std::chrono::seconds(60)};
  // A compile that no connected worker can serve waits this long for one to
  // connect before it is refused (kilnd starting, workers reconnecting);
  // 0 refuses at once. gRPC health says NOT_SERVING until the local worker
  // has connected.
  std::chrono::milliseconds worker_wait{std::chrono::seconds(3)};
  // Poisoning resistance (api/second_opinion.h): results from untrusted
  // workers, and this fraction of all other misses, are compiled again on a
  // second worker and cached only when the artifacts agree.
  double second_opinion_fraction = 0.01;

  // Tokens (auth/token_auth.h). No client file: clients need no token.
  // No worker file: no remote worker is accepted.
  std::string client_tokens_file;
  std::string worker_tokens_file;
  TlsConfig tls;

  // Limits on clients.
  std::int64_t max_request_bytes = kDefaultMaxRequestBytes;  // IR bytes per compile (core/wire_limits.h)
  int max_in_flight_per_client = 256;
  // Limit on a worker: the artifact bytes of one result. A worker that
  // declares more is dropped as broken before any byte is buffered.
  std::int64_t max_result_bytes = 1LL << 30;

  // Cache under data_dir.
  std::int64_t cache_max_bytes = 10LL << 30;
  std::chrono::hours cache_max_age{24 * 30};
  // Recently answered results kept in memory (api/hot_results.h).
  std::int64_t hot_cache_bytes = 128LL << 20;

  // gRPC's threads that wait for calls (kilnd uses one completion queue).
  int grpc_min_pollers = 4;
  int grpc_max_pollers = 8;

  ConnectionLimits connections;
  SchedulerConfig scheduler;
  // On SIGTERM: jobs in flight get this long to finish.
  std::chrono::milliseconds drain_timeout{std::chrono::seconds(30)};
};

std::string defaultDataDir();

}  // namespace kiln::server
