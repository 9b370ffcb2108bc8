#include "client/cli/cli_main.h"

#include "client/cli/exit_codes.h"
#include "core/process_main.h"

#ifndef KILN_VERSION
#define KILN_VERSION "0.1.0"
#endif

namespace kiln::cli {

int runCli(int argc, char **argv, const CliFlavor &flavor) {
  CLI::App app{"kiln: compile and verify accelerator kernels written in Tile IR"};
  app.name("kiln");
  app.set_version_flag("--version", KILN_VERSION);
  app.require_subcommand(1);
  app.footer(
      "Run 'kiln COMMAND --help' for the options of one command.\n"
      "Exit status: 0 ok, 1 compile or check errors, 2 usage, 3 kilnd unavailable or refused the token,\n"
      "4 no connected worker can serve the target,\n"
      "5 kilnd's answer was refused (a broken stream or an unsafe artifact name; nothing written).");

  RemoteOptions remote;
  addRemoteOptions(app, remote);
  std::vector<Command> commands = flavor.add_local_commands(app);
  commands.push_back(addCompileCommand(app, remote, flavor.local_compile));
  commands.push_back(addFetchCommand(app, remote));
  commands.push_back(addStatusCommand(app, remote));
  commands.push_back(addCheckCommand(app, flavor.check_tile_ir));

  if (std::optional<int> code = parseCommandLine(app, argc, argv)) return *code;
  for (const Command &command : commands)
    if (command.subcommand->parsed()) return command.run();
  return kExitUsage;
}

}  // namespace kiln::cli
