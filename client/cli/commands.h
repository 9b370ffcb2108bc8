// The kiln subcommands. Each adds itself to the app and runs when chosen,
// returning the process exit code (see exit_codes.h).
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "client/cli/compile_options.h"
#include "client/cli/remote.h"
#include "worker/pipeline/tile_ir_check.h"

namespace kiln::cli {

struct Command {
  CLI::App *subcommand;
  std::function<int()> run;
};

Command addVerifyCommand(CLI::App &app);
Command addDigestCommand(CLI::App &app);
Command addCompileCommand(CLI::App &app, const RemoteOptions &remote, LocalCompile local);
Command addFetchCommand(CLI::App &app, const RemoteOptions &remote);
Command addStatusCommand(CLI::App &app, const RemoteOptions &remote);
Command addCacheCommand(CLI::App &app);
// Plans and checks a Tile IR file: in kiln-local, checkTileIr; the thin kiln
// hands the command line to kiln-local instead.
using TileIrCheck = std::function<TileIrCheckResult(const SourceFile &, const oracle::DeviceSpec &)>;
Command addCheckCommand(CLI::App &app, TileIrCheck tile_ir);

}  // namespace kiln::cli
