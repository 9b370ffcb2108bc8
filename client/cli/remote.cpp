#include "client/cli/remote.h"

#include <iostream>

#include <nlohmann/json.hpp>

#include "client/cli/exit_codes.h"
#include "core/token_file.h"

namespace kiln::cli {

void addRemoteOptions(CLI::App &app, RemoteOptions &options) {
  app.add_option("--server", options.server, "kilnd address (default: $KILN_SERVER, else 127.0.0.1:7878)");
  app.add_option("--token-file", options.token_file, "File with a client token (default: $KILN_TOKEN_FILE)");
  app.add_option("--tls-ca", options.tls_ca, "PEM CA that signs kilnd's certificate: connect with TLS");
}

std::optional<client::ClientConfig> clientConfig(const RemoteOptions &options, std::string &error) {
  client::ClientConfig config = client::clientConfigFromEnvironment(error);
  if (!error.empty()) return std::nullopt;
  if (!options.server.empty()) config.server = options.server;
  if (!options.token_file.empty()) {
    std::optional<std::string> token = readTokenFile(options.token_file, error);
    if (!token) return std::nullopt;
    config.token = *token;
  }
  config.tls_ca_file = options.tls_ca;
  return config;
}

client::Client &processClient(const client::ClientConfig &config) {
  static client::Client *client = new client::Client(config);  // never deleted, on purpose (see remote.h)
  return *client;
}

int reportCallError(const client::ClientError &error, const std::string &server, bool json) {
  if (json)
    std::cout << nlohmann::json{{"ok", false}, {"server", server}, {"status", error.codeName()}, {"error", error.message}}
                     .dump(2)
              << "\n";
  else
    std::cerr << "kiln: error: " << server << ": " << error.codeName() << ": " << error.message << "\n";
  // INVALID_ARGUMENT: kilnd found the request itself wrong (an unknown
  // target, say), which is a usage error as the CLI's own checks are.
  constexpr int kInvalidArgument = 3;
  constexpr int kFailedPrecondition = 9;  // no connected worker can serve it
  constexpr int kDataLoss = 15;           // the client refused what kilnd sent
  if (error.serviceProblem()) return kExitUnavailable;
  if (error.code == kInvalidArgument) return kExitUsage;
  if (error.code == kFailedPrecondition) return kExitNoWorker;
  if (error.code == kDataLoss) return kExitBadReply;
  return kExitFailure;
}

}  // namespace kiln::cli
