#include "worker/toolchain/process/process_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

#include "worker/toolchain/process/sanitizer_build.h"

namespace kiln::toolchain {
namespace {

using Clock = std::chrono::steady_clock;

// Once the program is gone (or killed), stragglers that left its process
// group may still hold the pipes; reading stops after this much grace.
constexpr auto kDrainGrace = std::chrono::milliseconds(1000);
// Without pidfd, child exit is noticed by polling this often.
constexpr int kExitPollMs = 10;

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void adopt(int fd) {
    reset();
    fd_ = fd;
  }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// Descriptors 0-2 of the child are overwritten with dup2; keeping every
// descriptor we hand over above 2 means no dup2 clobbers another one even
// when the caller runs with a closed stdin.
int aboveStdio(int fd) {
  if (fd < 0 || fd > 2) return fd;
  int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}

bool makePipe(Fd &read_end, Fd &write_end) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return false;
  read_end.adopt(aboveStdio(fds[0]));
  write_end.adopt(aboveStdio(fds[1]));
  return read_end.get() >= 0 && write_end.get() >= 0;
}

// What the child reports through the CLOEXEC pipe when it cannot exec.
enum class ChildStage : int { kSetup, kChdir, kLimits, kExec };
struct ChildFailure {
  ChildStage stage;
  int error;
};

[[noreturn]] void childFail(int report_fd, ChildStage stage) {
  ChildFailure failure{stage, errno};
  ssize_t ignored = ::write(report_fd, &failure, sizeof failure);
  (void)ignored;
  _exit(127);
}

void closeInheritedDescriptors(int first) {
  if (syscall(SYS_close_range, first, ~0u, 0) == 0) return;
  // Kernels before 5.9 have no close_range.
  long max_fd = sysconf(_SC_OPEN_MAX);
  if (max_fd < 0 || max_fd > 65536) max_fd = 65536;
  for (int fd = first; fd < max_fd; ++fd) ::close(fd);
}

bool setLimit(int resource, rlim_t soft, rlim_t hard) {
  rlimit limit{soft, hard};
  return setrlimit(resource, &limit) == 0;
}

// Runs in the new child: only async-signal-safe calls from here on, and no
// writes to memory it may share with its parent but its own stack.
[[noreturn]] void runChild(char *const *argv, char *const *envp, const char *workdir,
                           const ResourceLimits &limits, int stdin_fd, int stdout_fd,
                           int stderr_fd, int report_fd) {
  // A session of its own makes the child the leader of a fresh process
  // group, so a timeout can kill everything it spawned at once.
  if (setsid() < 0) childFail(report_fd, ChildStage::kSetup);
  if (dup2(stdin_fd, 0) < 0 || dup2(stdout_fd, 1) < 0 || dup2(stderr_fd, 2) < 0)
    childFail(report_fd, ChildStage::kSetup);
  if (report_fd != 3) {
    if (dup2(report_fd, 3) < 0) childFail(report_fd, ChildStage::kSetup);
    report_fd = 3;
  }
  if (fcntl(report_fd, F_SETFD, FD_CLOEXEC) < 0) childFail(report_fd, ChildStage::kSetup);
  closeInheritedDescriptors(4);

  // Ignored signals and the blocked mask survive exec; the program expects
  // the defaults (a compiler writing to a closed pipe should die of SIGPIPE).
  // Every handler goes first, while all signals are still blocked: this
  // child may share its parent's memory (spawnChild), where a handler must
  // never run.
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    struct sigaction current {};
    if (sigaction(sig, nullptr, &current) != 0) continue;
    bool handled = (current.sa_flags & SA_SIGINFO) ? true : current.sa_handler != SIG_DFL && current.sa_handler != SIG_IGN;
    if (handled) sigaction(sig, &default_action, nullptr);
  }
  for (int sig : {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD, SIGXFSZ, SIGXCPU})
    sigaction(sig, &default_action, nullptr);
  sigset_t all;
  sigfillset(&all);
  sigprocmask(SIG_UNBLOCK, &all, nullptr);

  if (workdir != nullptr && chdir(workdir) != 0) childFail(report_fd, ChildStage::kChdir);

  bool ok = setLimit(RLIMIT_CORE, 0, 0);
  if (limits.cpu_seconds != 0)
    // The soft limit sends SIGXCPU; the hard one a second later is SIGKILL
    // for programs that catch SIGXCPU.
    ok = ok && setLimit(RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1);
  if (limits.address_space_bytes != 0)
    ok = ok && setLimit(RLIMIT_AS, limits.address_space_bytes, limits.address_space_bytes);
  if (limits.file_size_bytes != 0)
    ok = ok && setLimit(RLIMIT_FSIZE, limits.file_size_bytes, limits.file_size_bytes);
  if (!ok) childFail(report_fd, ChildStage::kLimits);

  execve(argv[0], argv, envp);
  childFail(report_fd, ChildStage::kExec);
}

struct ChildStart {
  char *const *argv;
  char *const *envp;
  const char *workdir;
  const ResourceLimits *limits;
  int stdin_fd, stdout_fd, stderr_fd, report_fd;
};

int childEntry(void *arg) {
  const ChildStart &c = *static_cast<const ChildStart *>(arg);
  runChild(c.argv, c.envp, c.workdir, *c.limits, c.stdin_fd, c.stdout_fd, c.stderr_fd, c.report_fd);
}

// Starts runChild in a new process. fork() copies the page tables of the
// whole caller, which is a job child holding LLVM and the request: about
// 2.5 ms at 80 MB and more as it grows, plus copy-on-write faults. A child
// that shares the caller's memory until it execs (CLONE_VM | CLONE_VFORK,
// what posix_spawn does, on a stack of its own) costs a fraction of a
// millisecond; posix_spawn itself cannot set the rlimits. All signals stay
// blocked across the clone, so no handler runs in the child on the shared
// memory. Sanitizer runtimes do not follow a child on shared memory, so
// instrumented builds fork.
pid_t spawnChild(const ChildStart &start) {
  if (kSanitizerBuild) {
    pid_t pid = fork();
    if (pid == 0) childEntry(const_cast<ChildStart *>(&start));
    return pid;
  }
  constexpr size_t kStackBytes = 256 * 1024;
  void *stack = mmap(nullptr, kStackBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return -1;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  ChildStart child = start;
  pid_t pid = clone(childEntry, static_cast<char *>(stack) + kStackBytes, CLONE_VM | CLONE_VFORK | SIGCHLD, &child);
  int saved = errno;
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  munmap(stack, kStackBytes);  // the child has exec'd or exited: CLONE_VFORK waited for it
  errno = saved;
  return pid;
}

std::string describeFailure(const ChildFailure &failure, const ProcessSpec &spec) {
  std::string what;
  switch (failure.stage) {
    case ChildStage::kSetup: what = "setting up the child process"; break;
    case ChildStage::kChdir: what = "chdir " + spec.working_directory; break;
    case ChildStage::kLimits: what = "setrlimit"; break;
    case ChildStage::kExec: what = "exec " + spec.argv[0]; break;
  }
  return what + ": " + std::strerror(failure.error);
}

void appendCapped(std::string &out, size_t cap, bool &truncated, const char *data, size_t size) {
  size_t room = out.size() < cap ? cap - out.size() : 0;
  if (size > room) {
    truncated = true;
    size = room;
  }
  out.append(data, size);
}

void killGroup(pid_t pid) {
  // The child may not have reached setsid() yet; then the group does not
  // exist and only the child itself can be hit.
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
}

// True once `pid` has ended. WNOWAIT leaves the zombie in place, so its pid
// (and with it the process group id) cannot be reused before killGroup.
bool hasExited(pid_t pid) {
  siginfo_t info{};
  if (waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0)
    return errno == ECHILD;
  return info.si_pid == pid;
}

struct OutputPipe {
  Fd fd;
  std::string *text;
  size_t cap;
  bool *truncated;
  bool open = true;
};

}  // namespace

ProcessResult runProcess(const ProcessSpec &spec) {
  ProcessResult result;
  Clock::time_point start = Clock::now();
  if (spec.argv.empty() || spec.argv[0].empty()) {
    result.spawn_error = "no program to run";
    return result;
  }

  // Everything the child needs is prepared before fork(): after it, only
  // async-signal-safe calls are allowed in a multithreaded process.
  std::vector<char *> argv;
  for (const std::string &arg : spec.argv) argv.push_back(const_cast<char *>(arg.c_str()));
  argv.push_back(nullptr);
  std::vector<char *> envp;
  for (const std::string &entry : spec.env) envp.push_back(const_cast<char *>(entry.c_str()));
  envp.push_back(nullptr);
  const char *workdir = spec.working_directory.empty() ? nullptr : spec.working_directory.c_str();

  Fd stdin_fd(aboveStdio(::open("/dev/null", O_RDONLY | O_CLOEXEC)));
  Fd out_read, out_write, err_read, err_write, report_read, report_write;
  if (stdin_fd.get() < 0 || !makePipe(out_read, out_write) || !makePipe(err_read, err_write) ||
      !makePipe(report_read, report_write)) {
    result.spawn_error = std::string("creating pipes: ") + std::strerror(errno);
    return result;
  }

  pid_t pid = spawnChild({argv.data(), envp.data(), workdir, &spec.limits, stdin_fd.get(), out_write.get(),
                          err_write.get(), report_write.get()});
  if (pid < 0) {
    result.spawn_error = std::string("starting a process: ") + std::strerror(errno);
    return result;
  }

  stdin_fd.reset();
  out_write.reset();
  err_write.reset();
  report_write.reset();

  // The report pipe closes on a successful exec (CLOEXEC) or carries the
  // reason the child could not get there.
  ChildFailure failure{};
  ssize_t got;
  do got = ::read(report_read.get(), &failure, sizeof failure);
  while (got < 0 && errno == EINTR);
  if (got == static_cast<ssize_t>(sizeof failure)) {
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    result.spawn_error = describeFailure(failure, spec);
    result.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    return result;
  }
  report_read.reset();

  OutputPipe pipes[2] = {
      {Fd(out_read.release()), &result.stdout_text, spec.max_stdout_bytes, &result.stdout_truncated},
      {Fd(err_read.release()), &result.stderr_text, spec.max_stderr_bytes, &result.stderr_truncated}};
  for (OutputPipe &p : pipes) fcntl(p.fd.get(), F_SETFL, O_NONBLOCK);

  // pidfd (Linux 5.3) wakes poll() the moment the child ends.
  Fd pidfd(static_cast<int>(syscall(SYS_pidfd_open, pid, 0)));

  // A year stands for "no timeout" without overflowing the clock.
  constexpr std::chrono::milliseconds kLongest(365LL * 86'400'000);
  Clock::time_point deadline = start + std::clamp(spec.timeout, std::chrono::milliseconds(0), kLongest);
  std::optional<Clock::time_point> drain_deadline;
  bool exited = false;
  bool killed = false;
  char buffer[1 << 16];
  for (;;) {
    Clock::time_point now = Clock::now();
    if (!exited && !killed && now >= deadline) {
      result.timed_out = true;
      killGroup(pid);
      killed = true;
      drain_deadline = now + kDrainGrace;
    }
    if (exited && !pipes[0].open && !pipes[1].open) break;
    if (drain_deadline && now >= *drain_deadline) break;

    auto wait = std::chrono::milliseconds::max();
    if (!exited && !killed)
      wait = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) +
             std::chrono::milliseconds(1);
    if (drain_deadline)
      wait = std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(*drain_deadline - now) +
                                std::chrono::milliseconds(1));
    if (!exited && pidfd.get() < 0) wait = std::min(wait, std::chrono::milliseconds(kExitPollMs));
    int timeout_ms = wait == std::chrono::milliseconds::max()
                         ? -1
                         : static_cast<int>(std::clamp<int64_t>(wait.count(), 0, 1 << 30));

    pollfd fds[3];
    int count = 0;
    for (OutputPipe &p : pipes)
      if (p.open) fds[count++] = {p.fd.get(), POLLIN, 0};
    if (!exited && pidfd.get() >= 0) fds[count++] = {pidfd.get(), POLLIN, 0};
    if (count == 0) {
      // Both pipes closed but the child lives on (it closed its output):
      // only the exit or the deadline can end the wait.
      fds[count++] = {-1, 0, 0};
    }
    if (::poll(fds, static_cast<nfds_t>(count), timeout_ms) < 0 && errno != EINTR) {
      killGroup(pid);
      break;
    }

    for (OutputPipe &p : pipes) {
      if (!p.open) continue;
      ssize_t n = ::read(p.fd.get(), buffer, sizeof buffer);
      if (n > 0) {
        // Reading past the cap keeps the child from blocking on a full pipe.
        appendCapped(*p.text, p.cap, *p.truncated, buffer, static_cast<size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        p.open = false;
        p.fd.reset();
      }
    }

    if (!exited && hasExited(pid)) {
      exited = true;
      // Whatever the program left running in its group is an orphan that
      // would keep the pipes (and the work directory) busy.
      killGroup(pid);
      if (!drain_deadline) drain_deadline = Clock::now() + kDrainGrace;
    }
  }

  if (!exited) killGroup(pid);
  int status = 0;
  pid_t waited;
  do waited = waitpid(pid, &status, 0);
  while (waited < 0 && errno == EINTR);
  if (waited != pid) {
    // Someone else reaped it (SIGCHLD ignored, or a stray waitpid(-1)):
    // the outcome is unknown and must not read as success.
    result.spawn_error = std::string("lost the child's exit status: ") + std::strerror(errno);
  } else if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.term_signal = WTERMSIG(status);
  }
  result.wall_ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
  return result;
}

}  // namespace kiln::toolchain
