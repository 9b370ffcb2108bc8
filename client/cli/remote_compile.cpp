#include "client/cli/remote_compile.h"

#include <iostream>

#include "proto/convert/result_convert.h"
#include "proto/convert/wire_convert.h"

namespace kiln::cli {

RemoteCompileResult compileRemotely(const CompileRequest &request, const RemoteOptions &remote, bool verbose) {
  RemoteCompileResult out;
  std::string error;
  std::optional<client::ClientConfig> config = clientConfig(remote, error);
  if (!config) {
    out.failure = client::ClientError{16 /* UNAUTHENTICATED */, error};
    return out;
  }
  out.server = config->server;
  if (verbose) std::cerr << "kiln: compiling " << request.source.name << " on " << config->server << "\n";
  client::Client &client = processClient(*config);
  client::Result<client::CompileOutput> answer = client.compile(wire::toSpec(request));
  if (auto *failure = std::get_if<client::ClientError>(&answer)) {
    out.failure = *failure;
    return out;
  }
  client::CompileOutput &compiled = std::get<client::CompileOutput>(answer);
  const v1::CompileSummary &summary = compiled.summary;
  out.result = wire::readResult(summary, std::move(compiled.artifacts));
  nlohmann::json digests = nlohmann::json::object();
  for (const v1::ArtifactInfo &a : summary.artifacts()) digests[a.name()] = a.digest();
  out.json = {{"address", config->server},       {"cache_hit", summary.cache_hit()}, {"key", summary.action_key()},
              {"worker", summary.worker()},      {"request_id", summary.request_id()},
              {"digests", digests}};
  if (verbose)
    std::cerr << "kiln: " << (summary.cache_hit() ? "cache hit" : "compiled") << " on " << summary.worker()
              << " (request " << summary.request_id() << ")\n";
  return out;
}

}  // namespace kiln::cli
