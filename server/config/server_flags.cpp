#include "server/config/server_flags.h"

namespace kiln::server {

void addServerFlags(CLI::App &app, ServerFlags &flags) {
  ServerConfig &c = flags.config;
  app.set_config("--config", "", "TOML file with any of these options as keys, e.g. listen = \"0.0.0.0:7878\"");
  app.add_option("--listen", c.listen, "Address to serve on")->envname("KILND_LISTEN")->capture_default_str();
  app.add_option("--data-dir", c.data_dir, "Folder for the artifact cache (default: $XDG_DATA_HOME/kiln or ~/.local/share/kiln)")
      ->envname("KILND_DATA_DIR");
  app.add_flag("--no-local-worker", flags.no_local_worker, "Start no local worker child: only remote kiln-workers compile")
      ->envname("KILND_NO_LOCAL_WORKER");
  app.add_option("--local-slots", c.local_slots, "Jobs the local worker runs at once (0: one per core)")
      ->envname("KILND_LOCAL_SLOTS")->capture_default_str();
  app.add_option("--local-worker-binary", c.local_worker_binary,
                 "The kiln-worker kilnd starts as its local worker (default: the one beside kilnd)")
      ->envname("KILND_LOCAL_WORKER_BINARY");
  app.add_option("--client-tokens", c.client_tokens_file, "File of client tokens; unset, clients need none")
      ->envname("KILND_CLIENT_TOKENS");
  app.add_option("--worker-tokens", c.worker_tokens_file, "File of worker tokens; unset, no remote worker is accepted")
      ->envname("KILND_WORKER_TOKENS");
  app.add_option("--tls-cert", c.tls.cert_file, "PEM certificate chain: serve TLS")->envname("KILND_TLS_CERT");
  app.add_option("--tls-key", c.tls.key_file, "PEM private key for --tls-cert")->envname("KILND_TLS_KEY");
  app.add_option("--worker-ca", c.tls.worker_ca_file, "PEM CA for worker certificates: workers need mTLS")
      ->envname("KILND_WORKER_CA");
  app.add_option("--max-request-bytes", c.max_request_bytes, "Largest IR a client may send")
      ->envname("KILND_MAX_REQUEST_BYTES")->capture_default_str();
  app.add_option("--max-in-flight-per-client", c.max_in_flight_per_client, "Compiles one client may have running")
      ->envname("KILND_MAX_IN_FLIGHT_PER_CLIENT")->capture_default_str();
  app.add_option("--cache-max-bytes", c.cache_max_bytes, "Artifact cache budget in bytes")
      ->envname("KILND_CACHE_MAX_BYTES")->capture_default_str();
  app.add_option("--hot-cache-bytes", c.hot_cache_bytes, "Recent results kept in memory for repeat requests")
      ->envname("KILND_HOT_CACHE_BYTES")->capture_default_str();
  app.add_option("--cache-max-age-days", flags.cache_max_age_days, "Evict cache entries unused this long")
      ->envname("KILND_CACHE_MAX_AGE_DAYS")->capture_default_str();
  app.add_option("--job-deadline", flags.job_deadline_s, "Seconds a job may take, all attempts together")
      ->envname("KILND_JOB_DEADLINE")->capture_default_str();
  app.add_option("--max-attempts", c.scheduler.max_attempts, "Attempts per job when workers are lost")
      ->envname("KILND_MAX_ATTEMPTS")->capture_default_str();
  app.add_option("--heartbeat", flags.heartbeat_s, "Seconds between worker heartbeats; three missed drop a worker")
      ->envname("KILND_HEARTBEAT")->capture_default_str();
  app.add_option("--worker-wait", flags.worker_wait_s,
                 "Seconds a compile that no connected worker can serve waits for one (0: refuse at once)")
      ->envname("KILND_WORKER_WAIT")->capture_default_str();
  app.add_option("--second-opinion-fraction", c.second_opinion_fraction,
                 "Fraction of misses compiled again on a second worker before caching (untrusted workers: all)")
      ->check(CLI::Range(0.0, 1.0))
      ->envname("KILND_SECOND_OPINION_FRACTION")->capture_default_str();
  app.add_option("--handshake-timeout", flags.handshake_timeout_s,
                 "Seconds a new connection has to finish its HTTP/2 (and TLS) handshake before it is closed")
      ->envname("KILND_HANDSHAKE_TIMEOUT")->capture_default_str();
  app.add_option("--idle-timeout", flags.idle_timeout_s,
                 "Seconds a connection with no call open stays before it is closed (0: forever)")
      ->envname("KILND_IDLE_TIMEOUT")->capture_default_str();
  app.add_option("--max-connection-age", flags.max_connection_age_s,
                 "Seconds before a connection is asked to reconnect (0: never; workers reconnect)")
      ->envname("KILND_MAX_CONNECTION_AGE")->capture_default_str();
  app.add_option("--keepalive", flags.keepalive_s,
                 "Seconds of quiet before kilnd pings a connection to see that its peer is there (0: never)")
      ->envname("KILND_KEEPALIVE")->capture_default_str();
  app.add_option("--max-connections", c.connections.max_connections,
                 "Plain-TCP connections open at once; more wait in the kernel's backlog (0: no cap)")
      ->envname("KILND_MAX_CONNECTIONS")->capture_default_str();
  app.add_option("--descriptor-reserve", c.connections.descriptor_reserve,
                 "Descriptors kept free for kilnd's own use: past it, new connects wait in the backlog")
      ->envname("KILND_DESCRIPTOR_RESERVE")->capture_default_str();
  app.add_flag("--no-accept-loop", flags.no_accept_loop,
               "Let gRPC accept plain-TCP connections (it stops accepting for good once out of descriptors)")
      ->envname("KILND_NO_ACCEPT_LOOP");
  app.add_option("--max-streams", c.connections.max_concurrent_streams, "Calls open at once on one connection")
      ->envname("KILND_MAX_STREAMS")->capture_default_str();
  app.add_option("--max-threads", c.connections.max_threads,
                 "Threads gRPC may use for all calls (each worker stream holds one; 0: no bound)")
      ->envname("KILND_MAX_THREADS")->capture_default_str();
  app.add_option("--drain-timeout", flags.drain_timeout_s, "Seconds jobs in flight get to finish on SIGTERM")
      ->envname("KILND_DRAIN_TIMEOUT")->capture_default_str();
  app.add_option("--port-file", flags.port_file, "Write the bound port here once serving (for --listen HOST:0)");
}

void finishServerFlags(ServerFlags &flags) {
  ServerConfig &c = flags.config;
  c.local_worker = !flags.no_local_worker;
  c.connections.accept_loop = !flags.no_accept_loop;
  auto ms = [](double s) { return std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000)); };
  c.drain_timeout = ms(flags.drain_timeout_s);
  c.scheduler.job_deadline = ms(flags.job_deadline_s);
  c.scheduler.heartbeat_period = ms(flags.heartbeat_s);
  c.worker_wait = ms(flags.worker_wait_s);
  c.connections.handshake_timeout = ms(flags.handshake_timeout_s);
  c.connections.idle_timeout = ms(flags.idle_timeout_s);
  c.connections.max_age = ms(flags.max_connection_age_s);
  c.connections.keepalive_time = ms(flags.keepalive_s);
  c.cache_max_age = std::chrono::hours(static_cast<std::int64_t>(flags.cache_max_age_days * 24));
}

}  // namespace kiln::server
