#include "client/ptxas/ptxas_kilnd.h"

#include "client/ptxas/ptxas_exit_codes.h"

namespace kiln::ptxas {

std::optional<client::ClientConfig> kilndConfig(const PtxasCommand &command, std::string &error) {
  client::ClientConfig config = client::clientConfigFromEnvironment(error);
  if (!error.empty()) return std::nullopt;
  if (!command.kiln_server.empty()) config.server = command.kiln_server;
  return config;
}

client::Client &processClient(const client::ClientConfig &config) {
  static client::Client *client = new client::Client(config);  // never deleted, on purpose
  return *client;
}

CallFailure describeCallError(const client::ClientError &error, const std::string &server) {
  constexpr int kInvalidArgument = 3;
  constexpr int kFailedPrecondition = 9;
  constexpr int kDataLoss = 15;
  const std::string said = " (" + error.codeName() + ": " + error.message + ")";
  if (error.serviceProblem())
    return {"kiln-ptxas: error: cannot use kilnd at " + server + said +
                "; set KILN_SERVER to kilnd's host:port (or pass --kiln-server), and KILN_TOKEN_FILE to a "
                "client token file if kilnd wants one",
            kExitUnavailable};
  if (error.code == kFailedPrecondition)
    return {"kiln-ptxas: error: kilnd at " + server + " has no connected worker that can serve this" + said,
            kExitNoWorker};
  if (error.code == kInvalidArgument)
    return {"kiln-ptxas: error: kilnd at " + server + " refused the request" + said, kExitUsage};
  if (error.code == kDataLoss)
    return {"kiln-ptxas: error: refusing kilnd's answer, nothing was written" + said, kExitBadReply};
  return {"kiln-ptxas: error: kilnd at " + server + " could not compile it" + said, kExitCompileFailed};
}

}  // namespace kiln::ptxas
