// kiln.h over the C++ client library. Nothing thrown crosses the boundary:
// every entry point catches, and a failure is a status plus a thread-local
// message. A result owns everything its accessors hand out.
#include "client/capi/kiln.h"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "client/lib/kiln_client.h"
#include "core/diagnostic.h"
#include "core/oracle_mode.h"
#include "core/token_file.h"
#include "proto/convert/result_convert.h"
#include "proto/convert/wire_convert.h"

struct kiln_client {
  explicit kiln_client(kiln::client::ClientConfig config) : client(std::move(config)) {}
  kiln::client::Client client;  // thread-safe: one gRPC channel and stub, a context per call
};

struct kiln_result {
  kiln::CompileResult result;
  bool ok = false;  // kilnd's word, kept apart from the artifacts a check drops
  bool cache_hit = false;
  std::string action_key;
  std::string text;
  std::vector<std::string> digests;                    // by artifact
  std::vector<std::string> codes;                     // by diagnostic
  std::vector<std::vector<std::string>> note_codes;   // by diagnostic, by note
  std::optional<size_t> launch;                        // the launch.json artifact
};

namespace {

thread_local std::string last_error;

kiln_status fail(kiln_status status, std::string message) {
  last_error = std::move(message);
  return status;
}

kiln_status statusOf(int grpc_code) {
  switch (grpc_code) {
    case 3: return KILN_ERR_INVALID_ARGUMENT;
    case 14: return KILN_ERR_UNAVAILABLE;
    case 16: return KILN_ERR_UNAUTHENTICATED;
    case 9: return KILN_ERR_NO_WORKER;
    case 8: return KILN_ERR_RESOURCE_EXHAUSTED;
    case 5: return KILN_ERR_NOT_FOUND;
    case 15: return KILN_ERR_DATA_LOSS;
    case 4: return KILN_ERR_DEADLINE;
    default: return KILN_ERR_OTHER;
  }
}

kiln_status fail(const kiln::client::ClientError &error) {
  return fail(statusOf(error.code), error.codeName() + ": " + error.message);
}

// The rule code a kiln message starts with ("[oracle.capacity] ..."), else "".
std::string ruleCode(const std::string &message) {
  if (message.size() < 3 || message[0] != '[') return {};
  size_t end = message.find(']');
  if (end == std::string::npos || end < 2) return {};
  for (size_t i = 1; i < end; ++i) {
    char c = message[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) return {};
  }
  return message.substr(1, end - 1);
}

// Builds the request; an empty string on success, else what is wrong.
std::string requestFrom(const kiln_compile_options *o, bool check, kiln::CompileRequest &request) {
  using namespace kiln;
  if (!o) return "no compile options";
  if (!o->source && o->source_size) return "source is NULL but source_size is not 0";
  if (!o->source_name || !*o->source_name) return "source_name is required";
  if (!o->target || !*o->target) return "target is required";
  request.source = {o->source_name, std::string(o->source ? o->source : "", o->source_size)};
  request.target = o->target;
  if (o->input) {
    std::optional<InputKind> kind = parseInputKind(o->input);
    if (!kind) return std::string("unknown input '") + o->input + "' (tile-ir, ptx, ascendc or pto)";
    request.input = *kind;
  } else {
    request.input = inputKindForFile(o->source_name).value_or(InputKind::kTileIr);
  }
  if (o->emit_count && !o->emit) return "emit is NULL but emit_count is not 0";
  request.emit.clear();  // CompileRequest's own default is the NVIDIA one
  for (size_t i = 0; i < o->emit_count; ++i) {
    std::optional<Emit> emit = o->emit[i] ? parseEmit(o->emit[i]) : std::nullopt;
    if (!emit) return std::string("unknown emit '") + (o->emit[i] ? o->emit[i] : "(null)") + "'";
    request.emit.push_back(*emit);
  }
  if (request.emit.empty()) {
    // The CLI's defaults; a check asks for what needs no vendor tool where
    // there is such an emit (a Tile IR kernel's PTX or AscendC).
    bool ascend = request.target.rfind("ascend", 0) == 0;
    switch (request.input) {
      case InputKind::kTileIr:
        request.emit = {check ? (ascend ? Emit::kAscendC : Emit::kPtx) : Emit::kCubin};
        break;
      case InputKind::kPtx: request.emit = {Emit::kCubin}; break;
      case InputKind::kAscendC: request.emit = {Emit::kObject}; break;
      case InputKind::kPto: request.emit = {Emit::kPtoObject}; break;
    }
  }
  if (const kiln_ptxas_options *p = o->ptxas) {
    if (request.input != InputKind::kPtx) return "ptxas options apply to PTX inputs";
    if (p->opt_level < 0 || p->opt_level > 3) return "ptxas opt_level " + std::to_string(p->opt_level) + " is not 0..3";
    if (p->reg_alloc_opt_level < -1 || p->reg_alloc_opt_level > 3)
      return "ptxas reg_alloc_opt_level " + std::to_string(p->reg_alloc_opt_level) + " is not -1..3";
    request.ptxas.opt_level = p->opt_level;
    request.ptxas.line_info = p->line_info != 0;
    request.ptxas.debug = p->debug != 0;
    request.ptxas.fmad = p->fmad != 0;
    request.ptxas.reg_alloc_opt_level = p->reg_alloc_opt_level;
    request.ptxas.verbose = p->verbose != 0;
  }
  std::string oracle = o->oracle ? o->oracle : "error";
  if (oracle == "error") request.oracle = OracleMode::kError;
  else if (oracle == "warn") request.oracle = OracleMode::kWarn;
  else if (oracle == "off" && !check) request.oracle = OracleMode::kOff;
  else return "unknown oracle mode '" + oracle + (check ? "' for a check (error or warn)" : "' (error, warn or off)");
  return {};
}

kiln_status run(kiln_client *client, const kiln_compile_options *options, bool check, kiln_result **out) {
  if (!out) return fail(KILN_ERR_INVALID_ARGUMENT, "out is NULL");
  *out = nullptr;
  if (!client) return fail(KILN_ERR_INVALID_ARGUMENT, "client is NULL");
  kiln::CompileRequest request;
  if (std::string bad = requestFrom(options, check, request); !bad.empty())
    return fail(KILN_ERR_INVALID_ARGUMENT, bad);
  auto answer = client->client.compile(kiln::wire::toSpec(request));
  if (auto *error = std::get_if<kiln::client::ClientError>(&answer)) return fail(*error);
  auto &output = std::get<kiln::client::CompileOutput>(answer);
  auto result = std::make_unique<kiln_result>();
  result->result = kiln::wire::readResult(output.summary, std::move(output.artifacts));
  result->ok = output.summary.ok();
  result->cache_hit = output.summary.cache_hit();
  result->action_key = output.summary.action_key();
  if (check) result->result.artifacts.clear();
  for (size_t i = 0; i < result->result.artifacts.size(); ++i)
    result->digests.push_back(i < static_cast<size_t>(output.summary.artifacts_size())
                                  ? output.summary.artifacts(static_cast<int>(i)).digest()
                                  : std::string());
  for (size_t i = 0; i < result->result.artifacts.size(); ++i)
    if (result->result.artifacts[i].kind == "launch") result->launch = i;
  for (const kiln::Diagnostic &d : result->result.diagnostics) {
    result->text += kiln::formatHeadline(d) + "\n";
    result->codes.push_back(ruleCode(d.message));
    std::vector<std::string> notes;
    for (const kiln::Diagnostic &n : d.notes) notes.push_back(ruleCode(n.message));
    result->note_codes.push_back(std::move(notes));
  }
  *out = result.release();
  last_error.clear();
  return KILN_OK;
}

void describe(const kiln::Diagnostic &d, const std::string &code, kiln_diagnostic *out) {
  out->severity = static_cast<kiln_severity>(d.severity);
  out->file = d.file.c_str();
  out->line = d.line;
  out->column = d.column;
  out->message = d.message.c_str();
  out->code = code.c_str();
  out->tool = d.tool.c_str();
  out->note_count = d.notes.size();
}

// Every entry point: nothing thrown leaves the library.
template <typename F>
kiln_status guarded(F &&body) {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return fail(KILN_ERR_OTHER, "out of memory");
  } catch (const std::exception &e) {
    return fail(KILN_ERR_OTHER, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(KILN_ERR_OTHER, "internal error");
  }
}

}  // namespace

extern "C" {

int kiln_abi_version(void) { return KILN_ABI_VERSION; }

const char *kiln_last_error(void) { return last_error.c_str(); }

kiln_status kiln_client_open(const kiln_client_options *options, kiln_client **out) {
  return guarded([&] {
    if (!out) return fail(KILN_ERR_INVALID_ARGUMENT, "out is NULL");
    *out = nullptr;
    std::string error;
    kiln::client::ClientConfig config = kiln::client::clientConfigFromEnvironment(error);
    if (options && options->token_file) {
      error.clear();
      std::optional<std::string> token = kiln::readTokenFile(options->token_file, error);
      if (token) config.token = *token;
    }
    if (!error.empty()) return fail(KILN_ERR_INVALID_ARGUMENT, error);
    if (options && options->address) config.server = options->address;
    if (options && options->tls_ca_file) config.tls_ca_file = options->tls_ca_file;
    if (options && options->timeout_s < 0) return fail(KILN_ERR_INVALID_ARGUMENT, "timeout_s is negative");
    if (options && options->timeout_s > 0)
      config.timeout = std::chrono::milliseconds(static_cast<int64_t>(options->timeout_s * 1000));
    if (config.server.empty()) return fail(KILN_ERR_INVALID_ARGUMENT, "address is empty");
    *out = new kiln_client(std::move(config));
    last_error.clear();
    return KILN_OK;
  });
}

void kiln_client_close(kiln_client *client) { delete client; }

kiln_status kiln_compile(kiln_client *client, const kiln_compile_options *options, kiln_result **out) {
  return guarded([&] { return run(client, options, false, out); });
}

kiln_status kiln_check(kiln_client *client, const kiln_compile_options *options, kiln_result **out) {
  return guarded([&] { return run(client, options, true, out); });
}

void kiln_result_free(kiln_result *result) { delete result; }

int kiln_result_ok(const kiln_result *r) { return r && r->ok ? 1 : 0; }
int kiln_result_cache_hit(const kiln_result *r) { return r && r->cache_hit ? 1 : 0; }
const char *kiln_result_verdict(const kiln_result *r) { return r ? kiln::oracleVerdictName(r->result.oracle_verdict) : ""; }
const char *kiln_result_action_key(const kiln_result *r) { return r ? r->action_key.c_str() : ""; }

size_t kiln_result_artifact_count(const kiln_result *r) { return r ? r->result.artifacts.size() : 0; }

int kiln_result_artifact(const kiln_result *r, size_t i, const char **name, const char **kind, const uint8_t **bytes,
                         size_t *size) {
  if (!r || i >= r->result.artifacts.size()) return 0;
  const kiln::Artifact &a = r->result.artifacts[i];
  if (name) *name = a.name.c_str();
  if (kind) *kind = a.kind.c_str();
  if (bytes) *bytes = reinterpret_cast<const uint8_t *>(a.bytes.data());
  if (size) *size = a.bytes.size();
  return 1;
}

const char *kiln_result_artifact_digest(const kiln_result *r, size_t i) {
  return r && i < r->digests.size() ? r->digests[i].c_str() : nullptr;
}

const char *kiln_result_tool_log(const kiln_result *r) { return r ? r->result.tool_log.c_str() : ""; }

const char *kiln_result_launch_json(const kiln_result *r) {
  return r && r->launch ? r->result.artifacts[*r->launch].bytes.c_str() : nullptr;
}

size_t kiln_result_diagnostic_count(const kiln_result *r) { return r ? r->result.diagnostics.size() : 0; }

int kiln_result_diagnostic(const kiln_result *r, size_t i, kiln_diagnostic *out) {
  if (!r || !out || i >= r->result.diagnostics.size()) return 0;
  describe(r->result.diagnostics[i], r->codes[i], out);
  return 1;
}

int kiln_result_note(const kiln_result *r, size_t i, size_t j, kiln_diagnostic *out) {
  if (!r || !out || i >= r->result.diagnostics.size() || j >= r->result.diagnostics[i].notes.size()) return 0;
  describe(r->result.diagnostics[i].notes[j], r->note_codes[i][j], out);
  return 1;
}

const char *kiln_result_text(const kiln_result *r) { return r ? r->text.c_str() : ""; }

kiln_status kiln_fetch(kiln_client *client, const char *digest, uint8_t **bytes, size_t *size) {
  return guarded([&] {
    if (!bytes || !size) return fail(KILN_ERR_INVALID_ARGUMENT, "bytes or size is NULL");
    *bytes = nullptr;
    *size = 0;
    if (!client) return fail(KILN_ERR_INVALID_ARGUMENT, "client is NULL");
    if (!digest) return fail(KILN_ERR_INVALID_ARGUMENT, "digest is NULL");
    auto answer = client->client.fetch(digest);
    if (auto *error = std::get_if<kiln::client::ClientError>(&answer)) return fail(*error);
    const std::string &data = std::get<std::string>(answer);
    // malloc, so that a zero-size artifact is still a pointer to free.
    auto *copy = static_cast<uint8_t *>(std::malloc(data.size() ? data.size() : 1));
    if (!copy) return fail(KILN_ERR_OTHER, "out of memory");
    std::memcpy(copy, data.data(), data.size());
    *bytes = copy;
    *size = data.size();
    last_error.clear();
    return KILN_OK;
  });
}

void kiln_bytes_free(uint8_t *bytes) { std::free(bytes); }

}  // extern "C"
