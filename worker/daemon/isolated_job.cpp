#include "worker/daemon/isolated_job.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <new>

#include "kiln/v1/worker.pb.h"
#include "proto/convert/worker_messages.h"
#include "worker/toolchain/process/sanitizer_build.h"

namespace kiln::worker {
namespace {

// The child's report: the worker messages of its result (JobResult, then
// WorkerChunk...), the same ones kiln-worker sends kilnd, each as a 64-bit
// length and the serialized message.
void appendFrame(std::string &out, const std::string &bytes) {
  std::uint64_t size = bytes.size();
  out.append(reinterpret_cast<const char *>(&size), sizeof size);
  out.append(bytes);
}

bool readFrame(std::string_view &in, std::string_view &out) {
  std::uint64_t size = 0;
  if (in.size() < sizeof size) return false;
  std::memcpy(&size, in.data(), sizeof size);
  in.remove_prefix(sizeof size);
  if (in.size() < size) return false;
  out = in.substr(0, size);
  in.remove_prefix(size);
  return true;
}

bool writeAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

CompileResult failure(const std::string &source_name, const std::string &message) {
  return failedResult(message, "kiln-worker", source_name);
}

// The result the frames hold; nothing unless they are exactly one
// complete result. Digests are checked as for any worker's result.
std::optional<CompileResult> decode(std::string_view in) {
  // A job child has no business sending more than its worker may send kilnd.
  wire::ResultReceiver receiver(std::int64_t{4} << 30, "kiln-worker");
  std::optional<CompileResult> result;
  while (!in.empty()) {
    std::string_view frame;
    v1::WorkerMessage message;
    std::string error;
    if (result || !readFrame(in, frame) || !message.ParseFromArray(frame.data(), static_cast<int>(frame.size())))
      return std::nullopt;
    std::optional<wire::ResultReceiver::Completed> done = receiver.add(message, error);
    if (!error.empty()) return std::nullopt;
    if (done) result = std::move(done->result);
  }
  return result;
}

constexpr bool kSanitizerShadow = toolchain::kSanitizerBuild;

// The child's exit status when an allocation fails under its memory limit,
// so the parent can say so instead of reporting a crash.
constexpr int kOutOfMemoryExit = 86;

void limitChild(const JobLimits &limits) {
  if (limits.memory_bytes > 0 && !kSanitizerShadow) {
    rlimit as{static_cast<rlim_t>(limits.memory_bytes), static_cast<rlim_t>(limits.memory_bytes)};
    setrlimit(RLIMIT_AS, &as);
    std::set_new_handler([] { _exit(kOutOfMemoryExit); });
  }
  if (limits.cpu_seconds > 0) {
    // SIGXCPU at the soft limit kills the child (default action); the hard
    // limit one second later is SIGKILL should it be caught.
    rlimit cpu{static_cast<rlim_t>(limits.cpu_seconds), static_cast<rlim_t>(limits.cpu_seconds + 1)};
    setrlimit(RLIMIT_CPU, &cpu);
  }
}

std::string seconds(std::chrono::milliseconds ms) {
  std::string text = std::to_string(static_cast<double>(ms.count()) / 1000.0);
  return text.substr(0, text.find('.') + 2);
}

enum class Stopped { kNo, kWall, kCancelled };

}  // namespace

bool memoryLimitApplies() { return !kSanitizerShadow; }

CompileResult runIsolated(const std::function<CompileResult()> &job, const std::string &source_name,
                          std::chrono::milliseconds timeout) {
  JobLimits limits;
  limits.wall = timeout;
  limits.memory_bytes = 0;
  limits.cpu_seconds = 0;
  return runIsolated(job, source_name, limits);
}

CompileResult runIsolated(const std::function<CompileResult()> &job, const std::string &source_name,
                          const JobLimits &limits, const std::atomic<bool> *cancelled) {
  const std::chrono::milliseconds timeout = limits.wall;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return failure(source_name, std::string("cannot create a pipe: ") + strerror(errno));
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return failure(source_name, std::string("cannot fork the job: ") + strerror(errno));
  }
  if (pid == 0) {
    // A job never outlives its worker, even one killed with SIGKILL.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    // Other jobs' pipes, forked from sibling threads, must not stay open
    // here, or their readers would wait for this child to exit.
    if (fds[1] > 3) close_range(3, static_cast<unsigned>(fds[1]) - 1, 0);
    close_range(static_cast<unsigned>(fds[1]) + 1, ~0u, 0);
    limitChild(limits);
    CompileResult result = job();
    std::string out;
    for (const v1::WorkerMessage &message : wire::resultMessages(0, result)) appendFrame(out, message.SerializeAsString());
    _exit(writeAll(fds[1], out) ? 0 : 1);
  }
  close(fds[1]);
  std::string report;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  Stopped stopped = Stopped::kNo;
  char buffer[1 << 16];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      stopped = Stopped::kWall;
      break;
    }
    if (cancelled && cancelled->load()) {
      stopped = Stopped::kCancelled;
      break;
    }
    pollfd pfd{fds[0], POLLIN, 0};
    int ready = poll(&pfd, 1, static_cast<int>(std::min<std::int64_t>(left.count(), cancelled ? 50 : 1000)));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    ssize_t n = read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the child finished or died
    report.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (stopped != Stopped::kNo) kill(pid, SIGKILL);
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  const std::int64_t cpu_spent = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec;
  if (stopped == Stopped::kWall)
    return failure(source_name, "the compile did not finish within its wall-clock budget of " + seconds(timeout) +
                                    " s and was stopped (kilnd --job-deadline)");
  if (stopped == Stopped::kCancelled)
    return failure(source_name, "the compile was stopped: nobody waits for it any more (its clients went away or "
                                "its deadline passed)");
  if (WIFSIGNALED(status) && limits.cpu_seconds > 0 &&
      (WTERMSIG(status) == SIGXCPU || (WTERMSIG(status) == SIGKILL && cpu_spent >= limits.cpu_seconds)))
    return failure(source_name, "the compile used its CPU budget of " + std::to_string(limits.cpu_seconds) +
                                    " s and was stopped (kiln-worker --job-cpu-seconds)");
  if (WIFEXITED(status) && WEXITSTATUS(status) == kOutOfMemoryExit && limits.memory_bytes > 0)
    return failure(source_name, "the compile ran out of its memory budget of " +
                                    std::to_string(limits.memory_bytes >> 20) +
                                    " MiB and was stopped (kiln-worker --job-memory-mib)");
  if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
    return failure(source_name, "the compile was killed (signal 9: Killed) from outside, by the OOM killer or an "
                                "operator; this need not be the input's fault, and retrying may succeed");
  if (WIFSIGNALED(status))
    return failure(source_name, "the compile pipeline crashed (signal " + std::to_string(WTERMSIG(status)) + ": " +
                                    strsignal(WTERMSIG(status)) +
                                    ") on this input; the worker keeps serving. Please report it with the input");
  std::optional<CompileResult> result = decode(report);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || !result)
    return failure(source_name, "the compile pipeline ended without a complete result (exit status " +
                                    std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")");
  return *result;
}

}  // namespace kiln::worker
