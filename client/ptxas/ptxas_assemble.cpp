// kiln-ptxas FILE: one PTX file to a cubin through kilnd.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "client/ptxas/ptxas_file_stamps.h"
#include "client/ptxas/ptxas_commands.h"
#include "client/ptxas/ptxas_exit_codes.h"
#include "client/ptxas/ptxas_kilnd.h"
#include "client/ptxas/ptxas_output.h"
#include "core/wire_limits.h"
#include "proto/convert/result_convert.h"
#include "proto/convert/wire_convert.h"

namespace kiln::ptxas {
namespace {

namespace fs = std::filesystem;

// --kiln-max-request-bytes, else $KILN_MAX_REQUEST_BYTES, else kilnd's default.
std::optional<std::int64_t> requestLimit(const PtxasCommand &command, std::string &error) {
  if (command.max_request_bytes) return command.max_request_bytes;
  const char *env = std::getenv("KILN_MAX_REQUEST_BYTES");
  if (!env || !*env) return kDefaultMaxRequestBytes;
  char *end = nullptr;
  long long value = std::strtoll(env, &end, 10);
  if (*end != '\0' || value <= 0) {
    error = "kiln-ptxas: error: KILN_MAX_REQUEST_BYTES='" + std::string(env) + "' is not a byte count";
    return std::nullopt;
  }
  return value;
}

// The input's bytes, refused before reading when over `limit`; ptxas's own
// words when it cannot be opened.
std::optional<std::string> readInput(const std::string &path, std::int64_t limit, std::string &error) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    error = "ptxas fatal   : Input file '" + path + "' could not be opened";
    return std::nullopt;
  }
  auto size = static_cast<std::int64_t>(fs::file_size(path, ec));
  if (!ec && size > limit) {
    error = "kiln-ptxas: error: " + path + ": " + requestTooLarge(size, limit) +
            "; kiln-ptxas: --kiln-max-request-bytes or KILN_MAX_REQUEST_BYTES";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) {
    error = "ptxas fatal   : Input file '" + path + "' could not be opened";
    return std::nullopt;
  }
  return std::move(text).str();
}

// `bytes` at `path`, through a temporary file beside it, so that an
// interrupted run never leaves a truncated cubin under the final name.
bool writeAtomically(const fs::path &path, const std::string &bytes) {
  fs::path temp = path;
  temp += ".kiln-ptxas-" + std::to_string(getpid()) + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temp, ignored);
      return false;
    }
  }
  std::error_code ec;
  fs::rename(temp, path, ec);
  if (ec) fs::remove(temp, ec);
  return !ec;
}

}  // namespace

int runAssemble(const PtxasCommand &command) {
  for (const std::string &warning : command.warnings) std::cerr << warning << "\n";
  std::string error;
  std::optional<std::int64_t> limit = requestLimit(command, error);
  if (!limit) {
    std::cerr << error << "\n";
    return kExitUsage;
  }
  std::optional<std::string> text = readInput(command.input, *limit, error);
  if (!text) {
    std::cerr << error << "\n";
    return kExitCompileFailed;
  }
  std::optional<client::ClientConfig> config = kilndConfig(command, error);
  if (!config) {
    std::cerr << "kiln-ptxas: error: " << error << "\n";
    return kExitUnavailable;
  }

  CompileRequest request;
  request.source = {fs::path(command.input).filename().string(), stampSourceFiles(std::move(*text))};
  request.input = InputKind::kPtx;
  request.target = command.gpu_name;
  request.emit = {Emit::kCubin};
  request.ptxas = command.options;
  client::Result<client::CompileOutput> answer = processClient(*config).compile(wire::toSpec(request));
  if (auto *failure = std::get_if<client::ClientError>(&answer)) {
    CallFailure said = describeCallError(*failure, config->server);
    std::cerr << said.message << "\n";
    return said.exit_code;
  }
  client::CompileOutput &compiled = std::get<client::CompileOutput>(answer);
  const v1::CompileSummary &summary = compiled.summary;
  CompileResult result = wire::readResult(summary, std::move(compiled.artifacts));

  if (command.options.verbose) std::cerr << result.tool_log;
  std::cerr << formatDiagnostics(result.diagnostics, request.source.text);
  std::cerr.flush();
  if (!result.ok() || hasErrors(result.diagnostics)) return kExitCompileFailed;

  const Artifact *cubin = nullptr;
  for (const Artifact &artifact : result.artifacts)
    if (artifact.kind == "cubin") cubin = &artifact;
  if (!cubin) {
    std::cerr << "kiln-ptxas: error: kilnd at " << config->server
              << " answered without a cubin; nothing was written\n";
    return kExitBadReply;
  }
  if (!writeAtomically(command.output, cubin->bytes)) {
    std::cerr << "ptxas fatal   : Output file '" << command.output << "' could not be opened\n";
    return kExitCompileFailed;
  }
  return kExitOk;
}

}  // namespace kiln::ptxas
