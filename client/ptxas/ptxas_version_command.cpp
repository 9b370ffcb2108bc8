// kiln-ptxas --version, through kilnd's Status RPC.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <thread>

#include "client/ptxas/ptxas_commands.h"
#include "client/ptxas/ptxas_exit_codes.h"
#include "client/ptxas/ptxas_kilnd.h"
#include "client/ptxas/ptxas_version.h"

namespace kiln::ptxas {

int runVersion(const PtxasCommand &command, const std::string &kiln_version) {
  std::string error;
  std::optional<client::ClientConfig> config = kilndConfig(command, error);
  if (!config) {
    std::cerr << "kiln-ptxas: error: " << error << "\n";
    return kExitUnavailable;
  }
  // A kilnd that has just started may not have its local worker yet: wait
  // for one as long as kilnd's own --worker-wait default (3 s) would.
  client::Result<v1::StatusReply> answer = processClient(*config).status();
  for (int i = 0; i < 30; ++i) {
    auto *reply = std::get_if<v1::StatusReply>(&answer);
    if (!reply || reply->workers_size() > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    answer = processClient(*config).status();
  }
  if (auto *failure = std::get_if<client::ClientError>(&answer)) {
    CallFailure said = describeCallError(*failure, config->server);
    std::cerr << said.message << "\n";
    return said.exit_code;
  }
  const v1::StatusReply &status = std::get<v1::StatusReply>(answer);
  std::vector<PtxasVersion> versions;
  for (const v1::WorkerStatus &worker : status.workers())
    for (const v1::Toolchain &tool : worker.toolchains()) {
      if (tool.name() != "ptxas") continue;
      std::optional<PtxasVersion> version = parsePtxasIdentity(tool.identity());
      if (!version) continue;
      bool seen = std::any_of(versions.begin(), versions.end(),
                              [&](const PtxasVersion &v) { return v.identity == version->identity; });
      if (!seen) versions.push_back(std::move(*version));
    }
  if (versions.empty()) {
    std::cerr << "kiln-ptxas: error: no worker connected to kilnd at " << config->server
              << " has ptxas (" << status.workers_size()
              << " worker(s) connected); start a kiln-worker on a machine with the CUDA toolkit, or point "
                 "KILN_SERVER at a kilnd that has one\n";
    return kExitNoWorker;
  }
  std::cout << versionBlock(config->server, kiln_version, versions);
  return kExitOk;
}

}  // namespace kiln::ptxas
