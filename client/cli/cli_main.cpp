#include "client/cli/cli_main.h"

#include "client/cli/exit_codes.h"

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
      "Exit status: 0 ok, 1 compile or check errors, 2 usage, 3 kilnd unavailable or refused the token.");

  RemoteOptions remote;
  addRemoteOptions(app, remote);
  std::vector<Command> commands = flavor.add_local_commands(app);
  commands.push_back(addCompileCommand(app, remote, flavor.local_compile));
  commands.push_back(addFetchCommand(app, remote));
  commands.push_back(addStatusCommand(app, remote));

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
    return kExitUsage;
  }
  for (const Command &command : commands)
    if (command.subcommand->parsed()) return command.run();
  return kExitUsage;
}

}  // namespace kiln::cli
