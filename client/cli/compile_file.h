// One file of `kiln compile`, in two steps: compileFile sends it (or runs
// it in process) and prints nothing but -v progress, so several can run at
// once; finishFile writes its artifacts and prints its diagnostics (or its
// --json object into `json_out` when given), and returns its exit status.
// Both are in compile_command.cpp.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "client/cli/compile_options.h"
#include "client/cli/remote.h"

namespace kiln::cli {

struct FileCompile {
  CompileRequest request;
  CompileResult result;
  bool read = false;        // the source was read (and sent)
  std::string refusal;      // refused before sending (over --max-request-bytes)
  std::optional<client::ClientError> failure;  // the call got no answer
  std::string server;
  bool cache_hit = false;
  nlohmann::json report = nlohmann::json::object();  // extra --json members
};

FileCompile compileFile(const CompileOptions &options, const RemoteOptions &remote, const LocalCompile &local);
int finishFile(const CompileOptions &options, FileCompile &run, nlohmann::json *json_out);

}  // namespace kiln::cli
