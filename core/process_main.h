// What kiln's daemons and CLI do the same way in main(): parse the command
// line with compiler-style exit codes, and wait for SIGINT/SIGTERM.
// Header-only and MLIR-free, so kilnd, kiln-worker and kiln share it.
#pragma once

#include <pthread.h>
#include <signal.h>

#include <optional>

#include <CLI/CLI.hpp>

namespace kiln {

// Parses `argv` into `app`. Nothing when parsing succeeded; otherwise the
// exit code: 0 after --help or --version, 2 (usage) after printing the error.
inline std::optional<int> parseCommandLine(CLI::App &app, int argc, char **argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    app.exit(e);  // prints the message and the usage hint
    return 2;
  }
  return std::nullopt;
}

// SIGINT and SIGTERM, blocked in every thread so only wait() sees them.
// Construct it before starting any thread: threads inherit the mask.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, nullptr);
  }
  // The signal that arrived.
  int wait() const {
    int signal = 0;
    sigwait(&set_, &signal);
    return signal;
  }

 private:
  sigset_t set_;
};

}  // namespace kiln
