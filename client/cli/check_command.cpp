// kiln check FILE: the safety oracle without a compile. Today it reads PTX
// (.ptx): shared-memory capacity and constant out-of-bounds accesses, which
// ptxas accepts silently. Tile IR and PTO-MLIR inputs come with the rest of
// the oracle (#6).
#include <filesystem>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "client/cli/commands.h"
#include "client/cli/diagnostic_output.h"
#include "client/cli/exit_codes.h"
#include "client/cli/source_reader.h"
#include "worker/oracle/ptx_frontend.h"
#include "worker/oracle/shared_checks.h"
#include "worker/plan/nvidia_targets.h"

namespace kiln::cli {
namespace {

struct CheckOptions {
  std::string file;
  std::string target = "sm_90";
  std::string format = "text";
};

// "[oracle.capacity] ..." -> "oracle.capacity"
std::string ruleOf(const Diagnostic &d) {
  if (d.message.size() > 2 && d.message[0] == '[') return d.message.substr(1, d.message.find(']') - 1);
  return "oracle.input";
}

nlohmann::json sarifLocation(const Diagnostic &d) {
  return {{"physicalLocation",
           {{"artifactLocation", {{"uri", d.file}}},
            {"region", {{"startLine", std::max(1u, d.line)}, {"startColumn", std::max(1u, d.column)}}}}}};
}

// SARIF 2.1.0, for CI code scanning.
nlohmann::json toSarif(const std::vector<Diagnostic> &diagnostics) {
  nlohmann::json results = nlohmann::json::array();
  for (const Diagnostic &d : diagnostics) {
    nlohmann::json related = nlohmann::json::array();
    for (const Diagnostic &note : d.notes) {
      nlohmann::json location = sarifLocation(note);
      location["message"] = {{"text", note.message}};
      related.push_back(location);
    }
    results.push_back({{"ruleId", ruleOf(d)},
                       {"level", d.severity == Severity::kError ? "error" : "warning"},
                       {"message", {{"text", d.message}}},
                       {"locations", {sarifLocation(d)}},
                       {"relatedLocations", related}});
  }
  return {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", {{{"tool", {{"driver", {{"name", "kiln-oracle"}, {"informationUri", "https://example.invalid/kiln"}}}}},
                     {"results", results}}}}};
}

int runCheck(const CheckOptions &options) {
  std::string extension = std::filesystem::path(options.file).extension().string();
  if (extension != ".ptx") {
    std::cerr << "kiln: error: " << options.file << ": kiln check reads PTX (.ptx) so far; "
              << "Tile IR and PTO-MLIR checks are not implemented yet\n";
    return kExitUsage;
  }
  ReadResult read = readSource(options.file, 64u << 20);
  std::vector<Diagnostic> diagnostics;
  std::size_t entries = 0;
  if (!read.source) {
    diagnostics.push_back(read.error);
  } else {
    oracle::PtxReadResult ptx = oracle::readPtx(read.source->text, read.source->name);
    diagnostics = std::move(ptx.diagnostics);
    entries = ptx.entries.size();
    std::optional<plan::NvidiaTarget> target = plan::findNvidiaTarget(options.target);
    oracle::CheckLimits limits;
    limits.static_shared_limit = target->static_shared_limit;
    limits.max_shared_per_block = target->max_shared_per_block;
    limits.target = options.target;
    for (const oracle::EntryPlan &entry : ptx.entries) {
      for (Diagnostic &d : oracle::checkConstantBounds(entry)) diagnostics.push_back(std::move(d));
      for (Diagnostic &d : oracle::checkCapacity(entry, limits)) diagnostics.push_back(std::move(d));
    }
  }
  bool failed = hasErrors(diagnostics);
  if (options.format == "json") {
    std::cout << nlohmann::json{{"file", options.file},
                                {"target", options.target},
                                {"entries", entries},
                                {"ok", !failed},
                                {"diagnostics", toJson(diagnostics)}}
                     .dump(2)
              << "\n";
  } else if (options.format == "sarif") {
    std::cout << toSarif(diagnostics).dump(2) << "\n";
  } else {
    printDiagnostics(diagnostics, read.source ? read.source->text : "");
  }
  return failed ? kExitFailure : kExitOk;
}

}  // namespace

Command addCheckCommand(CLI::App &app) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App *cmd = app.add_subcommand("check", "Run the safety oracle on a PTX file (shared-memory capacity and bounds)");
  cmd->add_option("file", options->file, "PTX file (.ptx); '-' is not accepted")->required();
  cmd->add_option("--target", options->target, "Target whose limits apply")
      ->check(CLI::IsMember(plan::nvidiaTargetNames()))
      ->capture_default_str();
  cmd->add_option("--format", options->format, "text (compiler-style, stderr), json or sarif (SARIF 2.1.0), on stdout")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  cmd->footer(
      "Findings: file:line:col: error: [oracle.<check>] message, with notes at the other places involved.\n"
      "Exit status: 0 clean, 1 findings or unreadable input, 2 usage error.");
  return {cmd, [options] { return runCheck(*options); }};
}

}  // namespace kiln::cli
