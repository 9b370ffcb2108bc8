// kiln: the thin command-line client. No MLIR in this binary, so a cache hit
// through kilnd costs little more than the process start.
#include <cstdio>
#include <cstdlib>

#include "client/cli/cli_main.h"
#include "client/cli/exit_codes.h"
#include "client/cli/local_dispatch.h"

namespace {

// verify, digest and cache as kiln lists them in --help; running one is handled
// before parsing, by handing the command line to kiln-local.
std::vector<kiln::cli::Command> forwardedCommands(CLI::App &app) {
  std::vector<kiln::cli::Command> out;
  for (auto [name, help] : {std::pair{"verify", "Parse and verify Tile IR files (runs kiln-local)"},
                            std::pair{"digest", "Print the canonical digest of Tile IR files (runs kiln-local)"},
                            std::pair{"cache", "Inspect and maintain an artifact cache database (runs kiln-local)"}}) {
    CLI::App *cmd = app.add_subcommand(name, help);
    cmd->allow_extras();
    out.push_back({cmd, [] { return kiln::cli::kExitUsage; }});
  }
  return out;
}

}  // namespace

int main(int argc, char **argv) {
  if (kiln::cli::needsLocalBinary(argc, argv)) return kiln::cli::execLocalBinary(argv);
  kiln::cli::CliFlavor flavor;
  flavor.local_compile = [argv](const kiln::CompileRequest &, const kiln::cli::CompileOptions &) -> kiln::cli::CompileOutcome {
    std::exit(kiln::cli::execLocalBinary(argv));
  };
  flavor.add_local_commands = forwardedCommands;
  flavor.check_tile_ir = [argv](const kiln::SourceFile &, const kiln::oracle::DeviceSpec &) -> kiln::TileIrCheckResult {
    std::exit(kiln::cli::execLocalBinary(argv));
  };
  int code = kiln::cli::runCli(argc, argv, flavor);
  // Everything is written and flushed; skip gRPC's teardown of its thread
  // pools at exit, which takes longer than a whole cache hit.
  std::fflush(nullptr);
  std::_Exit(code);
}
