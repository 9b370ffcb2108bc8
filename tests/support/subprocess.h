// Runs a binary under test with arguments, stdin text and a hard timeout, so
// that a hang fails the test instead of stalling the suite.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace kiln::test {

struct ProcessResult {
  int exit_code = -1;      // -1 when killed by a signal or the timeout
  int signal = 0;          // the signal that ended it, if any
  bool timed_out = false;
  std::string out;
  std::string err;
};

ProcessResult runProcess(const std::vector<std::string> &argv, const std::string &stdin_text = {},
                         std::chrono::milliseconds timeout = std::chrono::seconds(60));

}  // namespace kiln::test
