// kiln: the command-line client.
#include <iostream>
#include <vector>

#include "client/cli/commands.h"
#include "client/cli/exit_codes.h"

#ifndef KILN_VERSION
#define KILN_VERSION "0.1.0"
#endif

int main(int argc, char **argv) {
  CLI::App app{"kiln: compile and verify accelerator kernels written in Tile IR"};
  app.name("kiln");
  app.set_version_flag("--version", KILN_VERSION);
  app.require_subcommand(1);
  app.footer("Run 'kiln COMMAND --help' for the options of one command.");

  const std::vector<kiln::cli::Command> commands = {
      kiln::cli::addVerifyCommand(app),
      kiln::cli::addDigestCommand(app),
      kiln::cli::addCompileCommand(app),
      kiln::cli::addCacheCommand(app),
  };

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
    return kiln::cli::kExitUsage;
  }
  for (const kiln::cli::Command &command : commands)
    if (command.subcommand->parsed()) return command.run();
  return kiln::cli::kExitUsage;
}
