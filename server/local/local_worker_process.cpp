#include "server/local/local_worker_process.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace kiln::server {
namespace {

std::string describeExit(int status) {
  if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "ended";
}

}  // namespace

LocalWorkerProcess::LocalWorkerProcess(LocalWorkerConfig config, Log log)
    : config_(std::move(config)), log_(std::move(log)) {}

LocalWorkerProcess::~LocalWorkerProcess() { stop(); }

std::string LocalWorkerProcess::defaultBinary() {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "kiln-worker";
  return (self.parent_path() / "kiln-worker").string();
}

pid_t LocalWorkerProcess::spawn(std::string &error) {
  // Everything the child needs is built before fork: after it, in a process
  // with gRPC's threads, only async-signal-safe calls are allowed.
  std::vector<std::string> args = {config_.binary, "--server", config_.server, "--token-file", config_.token_file,
                                   "--id", "local"};
  if (config_.slots > 0) args.insert(args.end(), {"--slots", std::to_string(config_.slots)});
  std::vector<char *> argv;
  for (std::string &a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    error = std::string("cannot fork the local worker: ") + strerror(errno);
    return 0;
  }
  if (pid == 0) {
    // Die with kilnd, even on kill -9 (the supervisor thread lives as long
    // as kilnd serves); and start from a clean mask: kilnd blocks SIGTERM
    // in every thread to sigwait for it, and exec would keep that.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

bool LocalWorkerProcess::start(std::string &error) {
  if (access(config_.binary.c_str(), X_OK) != 0) {
    error = "cannot run the local worker " + config_.binary + ": " + strerror(errno) +
            " (build kiln-worker beside kilnd, set --local-worker-binary, or run with --no-local-worker)";
    return false;
  }
  pid_t pid = spawn(error);
  if (!pid) return false;
  {
    std::lock_guard lock(mutex_);
    pid_ = pid;
  }
  supervisor_ = std::thread([this] { supervise(); });
  return true;
}

void LocalWorkerProcess::supervise() {
  auto backoff = config_.first_backoff;
  auto born = std::chrono::steady_clock::now();
  for (;;) {
    pid_t pid;
    {
      std::lock_guard lock(mutex_);
      pid = pid_;
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::unique_lock lock(mutex_);
    pid_ = 0;
    exited_.notify_all();
    if (stopping_) return;
    if (std::chrono::steady_clock::now() - born > config_.healthy_after) backoff = config_.first_backoff;
    log_("the local worker (pid " + std::to_string(pid) + ") " + describeExit(status) + "; restarting it in " +
         std::to_string(backoff.count()) + " ms");
    // Stop may come during the backoff: wait on the condition, not a sleep.
    if (exited_.wait_for(lock, backoff, [&] { return stopping_; })) return;
    backoff = std::min(backoff * 2, config_.max_backoff);
    lock.unlock();
    std::string error;
    pid_t next = spawn(error);
    lock.lock();
    if (!next) {
      log_(error + "; the embedded default has no worker now");
      return;
    }
    pid_ = next;
    ++restarts_;
    born = std::chrono::steady_clock::now();
    if (stopping_) kill(next, SIGTERM);  // stop() came while it was being started
  }
}

void LocalWorkerProcess::stop() {
  std::unique_lock lock(mutex_);
  if (stopping_ && !supervisor_.joinable()) return;
  stopping_ = true;
  exited_.notify_all();
  if (pid_) {
    kill(pid_, SIGTERM);
    if (!exited_.wait_for(lock, config_.stop_grace, [&] { return pid_ == 0; }) && pid_) kill(pid_, SIGKILL);
  }
  lock.unlock();
  if (supervisor_.joinable()) supervisor_.join();
}

pid_t LocalWorkerProcess::pid() const {
  std::lock_guard lock(mutex_);
  return pid_;
}

int LocalWorkerProcess::restarts() const {
  std::lock_guard lock(mutex_);
  return restarts_;
}

}  // namespace kiln::server
