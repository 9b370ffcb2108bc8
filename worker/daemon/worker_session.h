// kiln-worker's connection to kilnd: dial out, say Hello with the
// capabilities discovery found, run the jobs kilnd sends on `slots`
// threads, send heartbeats, and dial again with backoff when the stream
// breaks. A refused token ends the session for good: retrying cannot help.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "worker/daemon/isolated_job.h"
#include "worker/daemon/job_runner.h"

namespace kiln::worker {

struct WorkerConfig {
  std::string server = "127.0.0.1:7878";
  std::string token;
  std::string id;  // default: hostname-pid
  int slots = 0;   // 0: one per core
  std::set<std::string> only_targets;
  // TLS to kilnd (PEM files); with cert/key, the worker presents them (mTLS).
  std::string tls_ca_file;
  std::string tls_cert_file;
  std::string tls_key_file;
  std::chrono::milliseconds initial_backoff{200};
  std::chrono::milliseconds max_backoff{std::chrono::seconds(10)};
  int max_connect_attempts = 0;  // 0: forever
  // Each job child's budget; kilnd's per-job deadline can only shorten the
  // wall-clock part.
  JobLimits job_limits;
};

enum class SessionEnd {
  kStopped,          // stop() was called
  kUnauthenticated,  // kilnd refused the token
  kGaveUp,           // max_connect_attempts failed
  kBadConfig,        // TLS files unreadable
};

class WorkerSession {
 public:
  WorkerSession(WorkerConfig config, std::shared_ptr<const WorkerBackends> backends,
                WorkerCapabilities capabilities);
  ~WorkerSession();

  // Serves until stopped or refused; `log` gets one line per event.
  SessionEnd run(const std::function<void(const std::string &)> &log);
  void stop();

 private:
  struct Connection;
  WorkerConfig config_;
  std::shared_ptr<const WorkerBackends> backends_;
  WorkerCapabilities capabilities_;
  std::atomic<bool> stopping_{false};
  std::mutex connection_mutex_;
  Connection *connection_ = nullptr;
};

}  // namespace kiln::worker
