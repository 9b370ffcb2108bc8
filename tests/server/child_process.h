// A kiln-worker (or any binary) running beside the test: started, killed
// with any signal, waited for with a timeout. stderr goes to a file the
// test can read.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kiln::test {

class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string> &argv, const std::string &stderr_file);
  ~ChildProcess();  // SIGKILL if still running
  ChildProcess(const ChildProcess &) = delete;
  ChildProcess &operator=(const ChildProcess &) = delete;

  void signal(int signo);
  // The exit code, or nothing if it did not exit in time (or died by a signal: -signo).
  std::optional<int> wait(std::chrono::milliseconds timeout);
  bool running();
  std::string stderrText() const;

 private:
  pid_t pid_ = -1;
  std::string stderr_file_;
  std::optional<int> status_;
};

}  // namespace kiln::test
