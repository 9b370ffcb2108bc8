// kiln digest FILE: the canonical IR digest (worker/ir/canonical_digest.h).
#include <iostream>
#include <memory>

#include "client/cli/commands.h"
#include "client/cli/diagnostic_output.h"
#include "client/cli/exit_codes.h"
#include "client/cli/source_reader.h"
#include "worker/pipeline/frontend.h"

namespace kiln::cli {
namespace {

struct DigestOptions {
  std::string file;
  bool json = false;
};

int runDigest(const DigestOptions &options) {
  FrontendConfig config;
  ReadResult read = readSource(options.file, config.limits.max_bytes);
  DigestResult result;
  std::string_view text;
  if (read.source) {
    result = digestSource(*read.source, config);
    text = read.source->text;
  } else {
    result.diagnostics.push_back(read.error);
  }
  if (options.json) {
    nlohmann::json out = {{"file", options.file},
                          {"version", irDigestVersion()},
                          {"digest", result.ok() ? nlohmann::json(result.digest) : nlohmann::json()},
                          {"diagnostics", toJson(result.diagnostics)}};
    std::cout << out.dump(2) << "\n";
  } else {
    printDiagnostics(result.diagnostics, text);
    if (result.ok()) std::cout << result.digest << "\n";
  }
  return result.ok() ? kExitOk : kExitFailure;
}

}  // namespace

Command addDigestCommand(CLI::App &app) {
  auto options = std::make_shared<DigestOptions>();
  CLI::App *cmd = app.add_subcommand(
      "digest", "Print the canonical digest of a Tile IR file (the IR part of cache keys)");
  cmd->add_option("file", options->file, "Tile IR file; '-' reads standard input")->required();
  cmd->add_flag("--json", options->json, "Print {file, version, digest} as JSON");
  cmd->footer(
      "The digest ignores comments, whitespace, SSA value names and attribute order,\n"
      "and changes with any change of meaning. Exit status: 0 ok, 1 invalid input, 2 usage.");
  return {cmd, [options] { return runDigest(*options); }};
}

}  // namespace kiln::cli
