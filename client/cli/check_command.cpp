// kiln check FILE: the safety oracle without a compile, on four kinds of
// input, chosen by extension:
//   .mlir  Tile IR, planned by kiln's planner for the target (runs in
//          kiln-local, which has MLIR; the thin kiln hands it over)
//   .pto   PTO-MLIR text, as written or as ptoas prints it after PlanMemory
//   .ptx   PTX: shared-memory capacity and constant out-of-bounds accesses
//   .cpp/.asc  AscendC C++: the static validations kiln runs before bisheng
//          (worker/pipeline/ascendc_check.h; no LLVM, so the thin kiln runs
//          them itself)
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <memory>

#include "client/cli/check_output.h"
#include "client/cli/commands.h"
#include "client/cli/diagnostic_output.h"
#include "client/cli/exit_codes.h"
#include "client/cli/source_reader.h"
#include "worker/oracle/pto/pto_check.h"
#include "worker/oracle/ptx/ptx_check.h"
#include "worker/pipeline/ascendc_check.h"

namespace kiln::cli {
namespace {

struct CheckOptions {
  std::string file;
  std::string target;  // default by input kind: sm_90, or ascend910b2 for .pto, .cpp and .asc
  std::string device_spec;
  std::string format = "text";
};

struct CheckRun {
  std::vector<Diagnostic> diagnostics;
  std::size_t units = 0;  // kernels, functions or entries checked
};

void append(std::vector<Diagnostic> &to, std::vector<Diagnostic> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

CheckRun checkPtx(const SourceFile &source, const oracle::DeviceSpec &device) {
  oracle::PtxCheck ptx = oracle::checkPtxSource(source, device);
  CheckRun run{std::move(ptx.read_errors), ptx.entries.size()};
  append(run.diagnostics, std::move(ptx.findings));
  return run;
}

CheckRun checkPto(const SourceFile &source, const oracle::DeviceSpec &device) {
  oracle::PtoCheck pto = oracle::checkPtoSource(source, device);
  CheckRun run{std::move(pto.read_errors), pto.plans.size()};
  append(run.diagnostics, std::move(pto.findings));
  return run;
}

bool isAscendCSource(const std::string &kind) { return kind == ".cpp" || kind == ".asc"; }

int usage(const std::string &message) {
  std::cerr << "kiln: error: " << message << "\n";
  return kExitUsage;
}

int runCheck(const CheckOptions &options, const TileIrCheck &tileIr) {
  std::string kind = std::filesystem::path(options.file).extension().string();
  if (kind != ".ptx" && kind != ".pto" && kind != ".mlir" && !isAscendCSource(kind))
    return usage(options.file + ": kiln check reads Tile IR (.mlir), PTO-MLIR (.pto), PTX (.ptx) or AscendC (.cpp, .asc)");
  std::string target = !options.target.empty()                       ? options.target
                       : kind == ".pto" || isAscendCSource(kind) ? "ascend910b2"
                                                                     : "sm_90";
  std::string problem;
  std::optional<oracle::DeviceSpec> device = oracle::loadDeviceSpec(target, options.device_spec, problem);
  if (!device) {
    std::string known;
    for (const std::string &name : oracle::deviceSpecNames()) known += " " + name;
    return usage(problem + "; known targets:" + known);
  }
  if (kind == ".ptx" && device->isAscend()) return usage("PTX runs on NVIDIA GPUs; " + target + " is an Ascend target");
  if (kind == ".pto" && !device->isAscend())
    return usage("PTO-MLIR runs on Ascend NPUs; " + target + " is an NVIDIA target");
  if (isAscendCSource(kind) && !device->isAscend())
    return usage("AscendC runs on Ascend NPUs; " + target + " is an NVIDIA target");
  std::string overrides;  // AscendC: the --device-spec text, for the validator's target
  if (isAscendCSource(kind) && !options.device_spec.empty()) {
    std::ifstream in(options.device_spec);
    std::ostringstream text;
    text << in.rdbuf();
    overrides = text.str();
  }

  ReadResult read = readSource(options.file, 64u << 20);
  CheckRun run;
  if (!read.source) run.diagnostics.push_back(read.error);
  else if (kind == ".ptx") run = checkPtx(*read.source, *device);
  else if (kind == ".pto") run = checkPto(*read.source, *device);
  else if (isAscendCSource(kind)) {
    AscendCCheckResult checked = checkAscendCSource(*read.source, target, overrides);
    if (!checked.error.empty()) return usage(checked.error);
    run = {std::move(checked.diagnostics), checked.entry_points.size()};
  }
  else {
    TileIrCheckResult checked = tileIr(*read.source, *device);
    run = {std::move(checked.diagnostics), checked.kernels};
  }

  bool failed = hasErrors(run.diagnostics);
  if (options.format == "json") {
    std::cout << nlohmann::json{{"file", options.file},
                                {"target", target},
                                {"device_confirmed", device->confirmed},
                                {"checked", run.units},
                                {"ok", !failed},
                                {"diagnostics", toJson(run.diagnostics)}}
                     .dump(2)
              << "\n";
  } else if (options.format == "sarif") {
    std::cout << toSarif(run.diagnostics).dump(2) << "\n";
  } else {
    printDiagnostics(run.diagnostics, read.source ? read.source->text : "");
  }
  return failed ? kExitFailure : kExitOk;
}

}  // namespace

Command addCheckCommand(CLI::App &app, TileIrCheck tileIr) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App *cmd =
      app.add_subcommand("check", "Run the safety oracle on Tile IR, PTO-MLIR, PTX or AscendC C++, without compiling");
  cmd->add_option("file", options->file, "Input: .mlir (Tile IR), .pto (PTO-MLIR), .ptx (PTX) or .cpp/.asc (AscendC)")
      ->required();
  cmd->add_option("--target", options->target,
                  "Device whose limits apply (default: sm_90; ascend910b2 for .pto, .cpp and .asc)")
      ->check(CLI::IsMember(oracle::deviceSpecNames(), CLI::ignore_case));
  cmd->add_option("--device-spec", options->device_spec,
                  "JSON file overriding device numbers, e.g. {\"ascend910b2\": {\"ub\": 196608, \"l0a.alignment\": 512}}")
      ->check(CLI::ExistingFile);
  cmd->add_option("--format", options->format, "text (compiler-style, stderr), json or sarif (SARIF 2.1.0), on stdout")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  cmd->add_flag_callback("--json", [options] { options->format = "json"; }, "Same as --format json");
  cmd->footer(
      "Findings: file:line:col: error: [oracle.<check>] message, with notes at the other places involved.\n"
      "Checks: aliasing, linear-use, capacity, alignment, op-constraint, matmul-bounds, dead-tile (warning),\n"
      "layout; for PTX: capacity, constant-oob, missing-barrier (warning), dead-tile (warning).\n"
      "AscendC (.cpp/.asc): [ascendc.<check>] input, include, entry, sync (error on 310P), capacity,\n"
      "datacopy-align, tensor-balance, queue-depth.\n"
      "Exit status: 0 clean (warnings allowed), 1 findings or unreadable input, 2 usage error.");
  return {cmd, [options, tileIr] { return runCheck(*options, tileIr); }};
}

}  // namespace kiln::cli
