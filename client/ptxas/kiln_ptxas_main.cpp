// kiln-ptxas: ptxas's command line, kilnd's compile (issue #15). A PTX
// producer that runs ptxas (Triton: TRITON_PTXAS_PATH) runs this instead and
// gets kilnd's shared cache and kiln's PTX oracle, with the cubin, the
// exit status and ptxas -v's report it would have got from ptxas.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "client/ptxas/ptxas_commands.h"
#include "client/ptxas/ptxas_exit_codes.h"
#include "client/ptxas/ptxas_flags.h"

namespace {

int run(int argc, char **argv) {
  using kiln::ptxas::PtxasCommand;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto parsed = kiln::ptxas::parsePtxasFlags(args);
  if (auto *bad = std::get_if<kiln::ptxas::FlagError>(&parsed)) {
    std::cerr << bad->message << "\n";
    return kiln::ptxas::kExitUsage;
  }
  const PtxasCommand &command = std::get<PtxasCommand>(parsed);
  switch (command.action) {
    case PtxasCommand::Action::kHelp:
      std::cout << kiln::ptxas::helpText();
      return kiln::ptxas::kExitOk;
    case PtxasCommand::Action::kVersion:
      return kiln::ptxas::runVersion(command, KILN_VERSION);
    case PtxasCommand::Action::kAssemble:
      return kiln::ptxas::runAssemble(command);
  }
  return kiln::ptxas::kExitUsage;
}

}  // namespace

int main(int argc, char **argv) {
  int code = run(argc, argv);
  // Everything is written and flushed; skip gRPC's teardown of its thread
  // pools, which takes longer than a whole cache hit (as the thin kiln does).
  std::fflush(nullptr);
  std::_Exit(code);
}
