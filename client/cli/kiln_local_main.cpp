// kiln-local: every kiln command, with the compile pipeline in process.
// The thin kiln runs it for verify, digest, cache and compile --local.
#include "client/cli/cli_main.h"
#include "client/cli/local_compile.h"

int main(int argc, char **argv) {
  kiln::cli::CliFlavor flavor;
  flavor.local_compile = kiln::cli::compileLocally;
  flavor.check_tile_ir = [](const kiln::SourceFile &source, const kiln::oracle::DeviceSpec &device) {
    return kiln::checkTileIr(source, device);
  };
  flavor.add_local_commands = [](CLI::App &app) {
    return std::vector<kiln::cli::Command>{kiln::cli::addVerifyCommand(app), kiln::cli::addDigestCommand(app),
                                           kiln::cli::addCacheCommand(app)};
  };
  return kiln::cli::runCli(argc, argv, flavor);
}
