// The kiln subcommands. Each adds itself to the app and runs when chosen,
// returning the process exit code (see exit_codes.h).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace kiln::cli {

struct Command {
  CLI::App *subcommand;
  std::function<int()> run;
};

Command addVerifyCommand(CLI::App &app);
Command addDigestCommand(CLI::App &app);
Command addCompileCommand(CLI::App &app);
Command addCacheCommand(CLI::App &app);

}  // namespace kiln::cli
