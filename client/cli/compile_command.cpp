// kiln compile FILE: a kernel to its artifacts for one target, plus
// launch.json, written to an output folder; on kilnd, or in this process
// with --local. The source is Tile IR (to PTX, cubin, CUDA C or fatbin; to
// AscendC, PTO, obj, pto-obj), or another producer's PTX (to a cubin),
// AscendC C++ (to obj) or PTO-MLIR (to pto-obj).
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "client/cli/commands.h"
#include "core/target_name.h"
#include "client/cli/diagnostic_output.h"
#include "client/cli/exit_codes.h"
#include "client/cli/remote_compile.h"
#include "client/cli/source_reader.h"
#include "client/cli/compile_file.h"
#include "client/cli/compile_many.h"
#include "client/cli/compile_options.h"
#include "proto/convert/artifact_names.h"

namespace kiln::cli {
namespace {

/// Writes `bytes` to `path` through a temporary file, so an interrupted
/// run never leaves a truncated artifact behind under the final name.
bool writeAtomically(const std::filesystem::path &path, const std::string &bytes, std::string &error) {
  std::filesystem::path temp = path;
  temp += ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      error = "cannot write " + temp.string();
      return false;
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, path, ec);
  if (ec) error = "cannot rename " + temp.string() + ": " + ec.message();
  return !ec;
}

std::vector<Diagnostic> shown(const std::vector<Diagnostic> &all, bool verbose) {
  std::vector<Diagnostic> out;
  for (const Diagnostic &d : all)
    if (verbose || d.severity == Severity::kError || d.severity == Severity::kWarning) out.push_back(d);
  return out;
}

// The input kind: --input, else the file's extension, else Tile IR (what
// kiln compiled before it took other producers' sources).
InputKind inputKindOf(const CompileOptions &options) {
  if (!options.input.empty()) return *parseInputKind(options.input);
  return inputKindForFile(options.file).value_or(InputKind::kTileIr);
}

Emit defaultEmit(InputKind input) {
  switch (input) {
    case InputKind::kAscendC: return Emit::kObject;
    case InputKind::kPto: return Emit::kPtoObject;
    default: return Emit::kCubin;
  }
}

/// The request `options` describe, for one source.
CompileRequest requestFor(const CompileOptions &options) {
  CompileRequest request;
  request.input = inputKindOf(options);
  request.ptxas = options.ptxas;
  request.target = options.target;
  request.via = options.via == "nvcc" ? CompilePath::kNvcc : CompilePath::kBuiltin;
  request.oracle = parseOracleMode(options.oracle).value_or(OracleMode::kError);
  request.pto_level = options.pto_level;
  request.emit.clear();
  for (const std::string &name : options.emit) request.emit.push_back(*parseEmit(name));
  if (request.emit.empty()) request.emit.push_back(defaultEmit(request.input));
  return request;
}

}  // namespace

FileCompile compileFile(const CompileOptions &options, const RemoteOptions &remote, const LocalCompile &local) {
  FileCompile out;
  out.request = requestFor(options);
  ReadResult read = readSource(options.file, FrontendConfig().limits.max_bytes);
  if (!read.source) {
    out.result.diagnostics.push_back(read.error);
    return out;
  }
  out.request.source = *read.source;
  const auto size = static_cast<std::int64_t>(out.request.source.text.size());
  if (!options.local && size > options.max_request_bytes) {
    // The same refusal kilnd would give, without sending the bytes.
    out.refusal = out.request.source.name + ": " + requestTooLarge(size, options.max_request_bytes);
    return out;
  }
  out.read = true;
  if (options.local) {
    CompileOutcome outcome = local(out.request, options);
    out.result = std::move(outcome.result);
    out.report = std::move(outcome.report);
  } else {
    RemoteCompileResult remote_result = compileRemotely(out.request, remote, options.verbose && !options.json);
    out.failure = std::move(remote_result.failure);
    out.server = std::move(remote_result.server);
    out.result = std::move(remote_result.result);
    out.cache_hit = remote_result.json.is_object() && remote_result.json.value("cache_hit", false);
    out.report["server"] = std::move(remote_result.json);
  }
  return out;
}

int finishFile(const CompileOptions &options, FileCompile &run, nlohmann::json *json_out) {
  if (!run.refusal.empty()) {
    std::cerr << "kiln: error: " << run.refusal << "\n";
    return kExitFailure;
  }
  if (run.failure) {
    if (json_out) {
      *json_out = {{"file", options.file}, {"ok", false}, {"server", run.server},
                   {"status", run.failure->codeName()}, {"error", run.failure->message}};
      std::cerr << "kiln: error: " << options.file << ": " << run.server << ": " << run.failure->codeName() << ": "
                << run.failure->message << "\n";
    }
    return reportCallError(*run.failure, run.server, options.json && !json_out);
  }
  CompileResult &result = run.result;
  // Every name is checked before anything is written: a name that is not a
  // plain file name would put a file outside -o, so none is written at all.
  for (const Artifact &artifact : result.artifacts)
    if (std::string problem = wire::artifactNameProblem(artifact.name); !problem.empty()) {
      std::cerr << "kiln: error: refusing the result, nothing was written: " << problem << "\n";
      return kExitBadReply;
    }
  nlohmann::json written = nlohmann::json::array();
  if (result.ok()) {
    std::error_code ec;
    std::filesystem::create_directories(options.out_dir, ec);
    for (const Artifact &artifact : result.artifacts) {
      std::filesystem::path path = std::filesystem::path(options.out_dir) / artifact.name;
      std::string error;
      if (!writeAtomically(path, artifact.bytes, error)) {
        Diagnostic d;
        d.message = error;
        result.diagnostics.push_back(d);
        break;
      }
      written.push_back({{"name", artifact.name}, {"kind", artifact.kind}, {"bytes", artifact.bytes.size()},
                         {"path", path.string()}});
    }
  }
  bool ok = result.ok() && !hasErrors(result.diagnostics);
  if (options.json) {
    nlohmann::json timings = nlohmann::json::object();
    for (const StageTiming &t : result.timings) timings[t.stage] = t.ms;
    nlohmann::json out = {{"file", options.file},     {"input", inputKindName(run.request.input)},
                          {"target", options.target}, {"via", options.via},
                          {"ok", ok},                 {"artifacts", written},    {"timings_ms", timings},
                          {"tools", result.tools},    {"diagnostics", toJson(result.diagnostics)},
                          {"oracle", options.oracle}, {"oracle_verdict", oracleVerdictName(result.oracle_verdict)}};
    if (!result.tool_log.empty()) out["tool_log"] = result.tool_log;
    out.update(run.report);
    if (json_out)
      *json_out = std::move(out);
    else
      std::cout << out.dump(2) << "\n";
  } else {
    printDiagnostics(shown(result.diagnostics, options.verbose), run.read ? run.request.source.text : "");
    if (options.verbose) {
      for (const auto &w : written)
        std::cout << w["path"].get<std::string>() << " (" << w["bytes"].get<size_t>() << " bytes)\n";
      for (const StageTiming &t : result.timings) std::cerr << "kiln: " << t.stage << " " << t.ms << " ms\n";
      std::cerr << result.tool_log;
    }
  }
  return ok ? kExitOk : kExitFailure;
}

namespace {

int runCompile(const CompileOptions &options, const std::vector<std::string> &files, const RemoteOptions &remote,
               const LocalCompile &local) {
  CompileOptions first = options;
  first.file = files.front();
  CompileRequest request = requestFor(first);
  if (request.input != InputKind::kPtx && !request.ptxas.isDefault()) {
    std::cerr << "kiln: error: --opt-level, --lineinfo, --debug and --fmad are ptxas options, for PTX inputs; "
              << first.file << " is " << inputKindTitle(request.input) << "\n";
    return kExitUsage;
  }
  if (files.size() > 1) return compileMany(options, files, remote, local);
  FileCompile run = compileFile(first, remote, local);
  return finishFile(first, run, nullptr);
}

}  // namespace

Command addCompileCommand(CLI::App &app, const RemoteOptions &remote, LocalCompile local) {
  auto options = std::make_shared<CompileOptions>();
  CLI::App *cmd = app.add_subcommand("compile", "Compile a kernel (Tile IR, PTX, AscendC C++ or PTO-MLIR) for a target");
  auto files = std::make_shared<std::vector<std::string>>();
  cmd->add_option("files", *files,
                  "Source files; '-' reads standard input. Several are compiled concurrently through one "
                  "connection, each into -o/<stem>/")
      ->required();
  std::vector<std::string> inputs;
  for (InputKind kind : kAllInputKinds) inputs.push_back(inputKindName(kind));
  cmd->add_option("--input", options->input,
                  "Source kind: tile-ir, ptx, ascendc or pto (default: by extension: .ptx, .cpp/.cc/.asc, .pto; "
                  "anything else is Tile IR)")
      ->check(CLI::IsMember(inputs));
  // Which targets exist is the workers' to say (kiln status lists them);
  // here only the name's shape is checked.
  cmd->add_option("--target", options->target, "Target, e.g. sm_90 or ascend910b2 (kiln status lists the served ones)")
      ->check([](const std::string &name) {
        return isTargetName(name) ? std::string() : "'" + name + "' is not a target name (like sm_90)";
      })
      ->capture_default_str();
  std::vector<std::string> emits;
  for (Emit e : kAllEmits) emits.push_back(emitName(e));
  cmd->add_option("--emit", options->emit,
                  "Artifacts to produce. NVIDIA: ptx, cubin, cuda, fatbin. Ascend: ascendc (AscendC C++), pto "
                  "(PTO-MLIR), obj (bisheng's device object from the AscendC), pto-obj (ptoas then bisheng). "
                  "Default: cubin; obj for AscendC C++ inputs, pto-obj for PTO-MLIR")
      ->delimiter(',')
      ->check(CLI::IsMember(emits));
  cmd->add_option("--opt-level", options->ptxas.opt_level, "PTX inputs: ptxas's -O level")
      ->check(CLI::Range(0, 3))
      ->capture_default_str();
  cmd->add_flag("--lineinfo", options->ptxas.line_info, "PTX inputs: ptxas -lineinfo");
  cmd->add_flag("--debug", options->ptxas.debug, "PTX inputs: ptxas -g (device debug information)");
  cmd->add_option("--fmad", options->ptxas.fmad, "PTX inputs: ptxas --fmad (contract multiply-adds)")
      ->capture_default_str();
  cmd->add_option("--pto-level", options->pto_level,
                  "PTO emits: 3 gives every tile kiln's planned address (ptoas --pto-level=level3); 2 leaves "
                  "placement to ptoas")
      ->check(CLI::IsMember({2, 3}))
      ->capture_default_str();
  cmd->add_option("--via", options->via,
                  "builtin: kiln's MLIR/LLVM lowering then ptxas; nvcc: kiln's CUDA C through nvcc")
      ->check(CLI::IsMember({"builtin", "nvcc"}))
      ->capture_default_str();
  cmd->add_option("--oracle", options->oracle,
                  "What safety-oracle findings do: error fails the compile, warn reports them as warnings and "
                  "still writes the artifacts, off skips the oracle")
      ->check(CLI::IsMember({"error", "warn", "off"}))
      ->capture_default_str();
  cmd->add_option("-o,--out-dir", options->out_dir, "Folder for the artifacts and launch.json")
      ->capture_default_str();
  CLI::Option *local_flag = cmd->add_flag("--local", options->local,
                                     "Run the compile in this process instead of on kilnd (--server)");
  cmd->add_option("--cache", options->cache_db,
                  "With --local: artifact cache database to answer from and store into (created if missing)")
      ->needs(local_flag);
  cmd->add_option("--max-request-bytes", options->max_request_bytes,
                  "Largest IR to send; match kilnd's --max-request-bytes when it was raised")
      ->capture_default_str();
  cmd->add_flag("--json", options->json, "Print a JSON report on stdout");
  cmd->add_flag("-v,--verbose", options->verbose, "Show progress, tool remarks, artifact paths and timings");
  cmd->footer(
      "Diagnostics go to stderr as file:line:col: error: message.\n"
      "Without --local the compile runs on kilnd (--server, $KILN_SERVER, else 127.0.0.1:7878).\n"
      "Exit status: 0 compiled, 1 compile failed (or the IR is over --max-request-bytes), 2 usage error,\n"
      "3 kilnd unavailable or refused the token, 4 no connected worker can serve the target,\n"
      "5 kilnd's answer was refused (a broken stream or an artifact name that is not a plain file name).");
  cmd->add_option("-j,--jobs", options->jobs, "Several files: how many compiles are in flight at once")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  return {cmd, [options, files, &remote, local] { return runCompile(*options, *files, remote, local); }};
}

}  // namespace kiln::cli
