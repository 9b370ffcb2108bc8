// The embedded default's worker: a kiln-worker child process that kilnd
// starts, watches and restarts. It dials kilnd over a unix socket and speaks
// the same worker protocol as any remote worker, so a crash, a hang or a
// blown budget in lowering or a toolchain costs a job, never kilnd: kilnd
// itself never runs lowering or a toolchain on its own threads.
//
// The child dies with kilnd (PR_SET_PDEATHSIG), starts from a clean signal
// mask, and is restarted with backoff whenever it exits.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace kiln::server {

struct LocalWorkerConfig {
  std::string binary;      // the kiln-worker executable
  std::string server;      // what it dials: "unix:/path/to/socket"
  std::string token_file;  // its worker token, readable only by this user
  int slots = 0;           // 0: one per core
  // Between restarts: doubles from the first to the last while the child
  // keeps dying young; a child that lived `healthy_after` starts over.
  std::chrono::milliseconds first_backoff{100};
  std::chrono::milliseconds max_backoff{std::chrono::seconds(5)};
  std::chrono::seconds healthy_after{30};
  // After SIGTERM on stop, how long the child gets before SIGKILL.
  std::chrono::milliseconds stop_grace{std::chrono::seconds(5)};
};

class LocalWorkerProcess {
 public:
  using Log = std::function<void(const std::string &)>;
  LocalWorkerProcess(LocalWorkerConfig config, Log log);
  ~LocalWorkerProcess();  // stop()

  // Starts the child and the thread that restarts it; false (with `error`)
  // when the binary cannot be run at all.
  bool start(std::string &error);
  // SIGTERM, then SIGKILL after stop_grace; no restart after this.
  void stop();

  pid_t pid() const;        // the running child, or 0
  int restarts() const;     // children started after the first

  // kiln-worker beside the running executable (/proc/self/exe).
  static std::string defaultBinary();

 private:
  pid_t spawn(std::string &error);
  void supervise();

  LocalWorkerConfig config_;
  Log log_;
  mutable std::mutex mutex_;
  std::condition_variable exited_;
  pid_t pid_ = 0;
  int restarts_ = 0;
  bool stopping_ = false;
  std::thread supervisor_;
};

}  // namespace kiln::server
