#include "client/cli/local_dispatch.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string_view>

#include "client/cli/exit_codes.h"

namespace kiln::cli {

bool needsLocalBinary(int argc, char **argv) {
  // Global options that take a value, so their value is not taken for a command.
  auto takesValue = [](std::string_view arg) {
    return arg == "--server" || arg == "--token-file" || arg == "--tls-ca";
  };
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (takesValue(arg)) {
      ++i;
      continue;
    }
    if (arg.empty() || arg[0] == '-') continue;
    if (arg == "verify" || arg == "digest" || arg == "cache") return true;
    if (arg != "compile") return false;
    for (int j = i + 1; j < argc; ++j)
      if (std::string_view(argv[j]) == "--local") return true;
    return false;
  }
  return false;
}

int execLocalBinary(char **argv) {
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  std::filesystem::path local = (ec ? std::filesystem::path(".") : self.parent_path()) / "kiln-local";
  execv(local.c_str(), argv);
  std::cerr << "kiln: error: cannot run " << local.string() << " (" << std::strerror(errno)
            << "); it runs verify, digest, cache, check FILE.mlir and compile --local, and is installed next to kiln\n";
  return kExitFailure;
}

}  // namespace kiln::cli
