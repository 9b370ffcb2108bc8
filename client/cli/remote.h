// What every command that talks to kilnd shares: the --server and
// --token-file options (defaults from KILN_SERVER and KILN_TOKEN_FILE), and
// how a failed call is reported and turned into an exit code.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "client/lib/kiln_client.h"

namespace kiln::cli {

struct RemoteOptions {
  std::string server;      // empty: KILN_SERVER, else 127.0.0.1:7878
  std::string token_file;  // empty: KILN_TOKEN_FILE, else no token
  std::string tls_ca;
};

void addRemoteOptions(CLI::App &app, RemoteOptions &options);

// The client configuration, or nothing (with `error`) when a token file
// cannot be read.
std::optional<client::ClientConfig> clientConfig(const RemoteOptions &options, std::string &error);

// The client for this process's one call. It lives until exit and is never
// destroyed: the thin kiln exits with _Exit, skipping the ~6 ms gRPC spends
// tearing a channel's threads down, longer than a whole cache hit.
client::Client &processClient(const client::ClientConfig &config);

// Prints "kiln: error: <message>" (or JSON on stdout) and returns the exit
// code: 3 when the service is unreachable or refuses us, else 1.
int reportCallError(const client::ClientError &error, const std::string &server, bool json);

}  // namespace kiln::cli
