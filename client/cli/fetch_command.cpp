// kiln fetch DIGEST -o FILE: a cached artifact by its digest, for CI steps
// that only need the binary.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cache/digest.h"
#include "client/cli/commands.h"
#include "client/cli/exit_codes.h"

namespace kiln::cli {
namespace {

struct FetchOptions {
  std::string digest;
  std::string out;
  bool json = false;
};

int runFetch(const FetchOptions &options, const RemoteOptions &remote) {
  std::string error;
  std::optional<client::ClientConfig> config = clientConfig(remote, error);
  if (!config) {
    std::cerr << "kiln: error: " << error << "\n";
    return kExitUsage;
  }
  client::Client &client = processClient(*config);
  client::Result<std::string> fetched = client.fetch(options.digest);
  if (auto *failure = std::get_if<client::ClientError>(&fetched))
    return reportCallError(*failure, config->server, options.json);
  const std::string &bytes = std::get<std::string>(fetched);
  // The server's word is checked, as every cache read is.
  if (cache::Digest::of(bytes).hex() != options.digest) {
    std::cerr << "kiln: error: " << config->server << " sent bytes that do not match digest " << options.digest << "\n";
    return kExitFailure;
  }
  std::string temp = options.out + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::cerr << "kiln: error: cannot write " << temp << "\n";
      return kExitFailure;
    }
  }
  if (std::rename(temp.c_str(), options.out.c_str()) != 0) {
    std::cerr << "kiln: error: cannot rename " << temp << " to " << options.out << "\n";
    return kExitFailure;
  }
  if (options.json)
    std::cout << nlohmann::json{{"ok", true}, {"digest", options.digest}, {"path", options.out}, {"bytes", bytes.size()}}
                     .dump(2)
              << "\n";
  return kExitOk;
}

}  // namespace

Command addFetchCommand(CLI::App &app, const RemoteOptions &remote) {
  auto options = std::make_shared<FetchOptions>();
  CLI::App *cmd = app.add_subcommand("fetch", "Fetch a cached artifact from kilnd by its SHA-256 digest");
  cmd->add_option("digest", options->digest, "The artifact's digest (64 hex digits), as kiln compile --json reports it")
      ->required()
      ->check([](const std::string &d) {
        return cache::Digest::fromHex(d) ? std::string() : "not a SHA-256 digest (64 hex digits)";
      });
  cmd->add_option("-o,--output", options->out, "File to write")->required();
  cmd->add_flag("--json", options->json, "Print a JSON report on stdout");
  cmd->footer("Exit status: 0 fetched, 1 not in the cache or not written, 2 usage, 3 kilnd unavailable.");
  return {cmd, [options, &remote] { return runFetch(*options, remote); }};
}

}  // namespace kiln::cli
