// The kiln command line, shared by its two binaries:
//   kiln        thin: talks to kilnd, reads caches; no MLIR, starts in ~1 ms
//   kiln-local  the same commands plus those that run the pipeline or open
//               a cache database in process (verify, digest, compile
//               --local, cache)
// kiln hands a command line that needs the pipeline to kiln-local whole.
#pragma once

#include <functional>
#include <vector>

#include "client/cli/commands.h"

namespace kiln::cli {

struct CliFlavor {
  LocalCompile local_compile;
  // verify, digest and cache.
  std::function<std::vector<Command>(CLI::App &)> add_local_commands;
  TileIrCheck check_tile_ir;
};

int runCli(int argc, char **argv, const CliFlavor &flavor);

}  // namespace kiln::cli
