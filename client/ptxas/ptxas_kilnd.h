// What kiln-ptxas's two calls to kilnd share: the client configuration
// (KILN_SERVER, KILN_TOKEN_FILE, --kiln-server) and how a call that got no
// answer is said and turned into an exit code (ptxas_exit_codes.h).
#pragma once

#include <optional>
#include <string>

#include "client/lib/kiln_client.h"
#include "client/ptxas/ptxas_flags.h"

namespace kiln::ptxas {

// The configuration for `command`, or nothing with `error` set (an
// unreadable KILN_TOKEN_FILE).
std::optional<client::ClientConfig> kilndConfig(const PtxasCommand &command, std::string &error);

// The client for this process's one call; never destroyed (main exits with
// _Exit, skipping gRPC's teardown, as the thin kiln does).
client::Client &processClient(const client::ClientConfig &config);

// "kiln-ptxas: error: ..." naming kilnd's address and what to check, and
// the exit code: 3 unreachable or token refused, 4 no worker, 2 kilnd
// found the request wrong (an unserved target), 5 a refused reply, 255 else.
struct CallFailure {
  std::string message;
  int exit_code;
};
CallFailure describeCallError(const client::ClientError &error, const std::string &server);

}  // namespace kiln::ptxas
