// kiln verify FILE...: parse and verify Tile IR, report like a compiler.
#include <iostream>
#include <memory>

#include "client/cli/commands.h"
#include "client/cli/diagnostic_output.h"
#include "client/cli/exit_codes.h"
#include "client/cli/source_reader.h"
#include "worker/pipeline/frontend.h"

namespace kiln::cli {
namespace {

struct VerifyOptions {
  std::vector<std::string> files;
  bool json = false;
  bool verbose = false;
};

nlohmann::json kernelsJson(const std::vector<KernelSummary> &kernels) {
  nlohmann::json out = nlohmann::json::array();
  for (const KernelSummary &k : kernels)
    out.push_back({{"name", k.name}, {"grid", k.grid}, {"line", k.line}});
  return out;
}

int runVerify(const VerifyOptions &options) {
  FrontendConfig config;
  bool allValid = true;
  nlohmann::json report = {{"files", nlohmann::json::array()}};
  for (const std::string &path : options.files) {
    ReadResult read = readSource(path, config.limits.max_bytes);
    VerifyResult result;
    std::string_view text;
    if (read.source) {
      result = verifySource(*read.source, config);
      text = read.source->text;
    } else {
      result.diagnostics.push_back(read.error);
    }
    allValid &= result.ok();
    if (options.json) {
      report["files"].push_back({{"file", path},
                                 {"valid", result.ok()},
                                 {"kernels", kernelsJson(result.kernels)},
                                 {"diagnostics", toJson(result.diagnostics)}});
      continue;
    }
    printDiagnostics(result.diagnostics, text);
    if (options.verbose && result.ok()) {
      std::cout << path << ": ok, " << result.kernels.size() << " kernel(s):";
      for (const KernelSummary &k : result.kernels) std::cout << " @" << k.name;
      std::cout << "\n";
    }
  }
  if (options.json) {
    report["valid"] = allValid;
    std::cout << report.dump(2) << "\n";
  }
  return allValid ? kExitOk : kExitFailure;
}

}  // namespace

Command addVerifyCommand(CLI::App &app) {
  auto options = std::make_shared<VerifyOptions>();
  CLI::App *cmd = app.add_subcommand("verify", "Parse and verify Tile IR files");
  cmd->add_option("files", options->files, "Tile IR files; '-' reads standard input")
      ->required();
  cmd->add_flag("--json", options->json, "Print a JSON report on stdout instead of text");
  cmd->add_flag("-v,--verbose", options->verbose, "Name the kernels of each valid file");
  cmd->footer(
      "Diagnostics go to stderr as file:line:col: error: message.\n"
      "Exit status: 0 every file is valid, 1 some file is not, 2 usage error.");
  return {cmd, [options] { return runVerify(*options); }};
}

}  // namespace kiln::cli
