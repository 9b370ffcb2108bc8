// kiln compile without --local: the request goes to kilnd through the
// client library, and the answer comes back as a CompileResult, so the
// command writes and prints it exactly as it does a local compile.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "client/cli/remote.h"
#include "core/compile_request.h"
#include "core/compile_result.h"

namespace kiln::cli {

struct RemoteCompileResult {
  CompileResult result;
  nlohmann::json json;  // "server" in --json: address, hit, key, worker, request id
  std::optional<client::ClientError> failure;  // the call itself failed
  std::string server;
};

RemoteCompileResult compileRemotely(const CompileRequest &request, const RemoteOptions &remote, bool verbose);

}  // namespace kiln::cli
