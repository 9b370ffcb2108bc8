#include "worker/backends/nvidia/nvidia_ptx_input.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "proto/convert/artifact_names.h"
#include "worker/backends/compile_steps.h"
#include "worker/backends/nvidia/nvidia_device.h"
#include "worker/backends/nvidia/toolchain/gpu_arch.h"
#include "worker/backends/source_digest.h"
#include "worker/oracle/oracle_stage.h"
#include "worker/oracle/ptx/ptx_check.h"

namespace kiln::nvidia {
namespace {

using backends::append;
using backends::msSince;
using backends::plainError;

// What a PTX input may ask for. A PTX file is already what the built-in
// path would emit first, so the one thing to make of it is a cubin.
std::optional<Diagnostic> unsupportedRequest(const CompileRequest &request) {
  for (Emit e : request.emit)
    if (e != Emit::kCubin)
      return plainError(std::string("a PTX input is assembled into a cubin; --emit ") + emitName(e) +
                        " is for Tile IR inputs");
  if (request.via != CompilePath::kBuiltin)
    return plainError("a PTX input is assembled by ptxas; --via nvcc is for Tile IR inputs");
  return checkArch(request.target, "kiln");
}

// launch.json for a PTX input: what kiln learned of each entry, for a
// launcher (names to look up, and the resources ptxas reported).
std::string launchFile(const CompileRequest &request, const std::vector<std::string> &entries,
                       const std::vector<KernelResources> &resources) {
  nlohmann::json kernels = nlohmann::json::array();
  for (const std::string &entry : entries) {
    nlohmann::json kernel = {{"name", entry}};
    for (const KernelResources &r : resources)
      if (r.function == entry && !r.arch.empty()) {
        kernel["registers"] = r.registers;
        kernel["barriers"] = r.barriers;
        kernel["shared_bytes"] = r.shared_bytes;
        kernel["stack_frame_bytes"] = r.stack_frame_bytes;
        kernel["spill_bytes"] = r.spillBytes();
      }
    kernels.push_back(std::move(kernel));
  }
  nlohmann::json launch = {{"target", request.target}, {"input", "ptx"}, {"via", "builtin"}, {"kernels", kernels}};
  return launch.dump(2) + "\n";
}

}  // namespace

std::string boundedToolLog(std::string log, std::size_t limit) {
  if (log.size() <= limit) return log;
  const std::size_t total = log.size();
  std::string tail = "kiln: ptxas -v printed " + std::to_string(total) + " bytes; the rest is left out\n";
  std::size_t keep = limit > tail.size() ? limit - tail.size() : 0;
  std::size_t cut = log.rfind('\n', keep == 0 ? 0 : keep - 1);
  log.resize(cut == std::string::npos || keep == 0 ? 0 : cut + 1);
  return log + tail;
}

CompileResult compilePtxInput(const CompileRequest &request, const Toolchains &env, const CompileHooks &hooks) {
  CompileResult result;
  if (std::optional<Diagnostic> refused = unsupportedRequest(request)) {
    result.diagnostics.push_back(std::move(*refused));
    return result;
  }
  if (std::optional<CompileResult> ended = backends::admitSource(request, hooks)) return std::move(*ended);

  auto start = std::chrono::steady_clock::now();
  std::optional<plan::NvidiaTarget> target =
      plan::findNvidiaTarget(baseArch(request.target), env.config().target_overrides);
  if (!target) {
    result.diagnostics.push_back(plainError("no device limits for '" + request.target + "'"));
    return result;
  }
  oracle::PtxCheck checked = oracle::checkPtxSource(request.source, deviceSpecFor(*target));
  result.timings.push_back({"ptx-oracle", msSince(start)});
  if (!checked.read_errors.empty()) {
    append(result.diagnostics, checked.read_errors);
    return result;
  }
  if (!applyOracleFindings(std::move(checked.findings), request.oracle, result)) return result;

  const PtxasDriver *ptxas = env.ptxas();
  if (!ptxas) {
    append(result.diagnostics, env.ptxasMissing());
    return result;
  }
  PtxasResult cubin = ptxas->assemble({request.source.text, request.target, request.ptxas});
  // ptxas read the client's PTX as kernel.ptx: its lines name the client's file.
  for (Diagnostic &d : cubin.diagnostics)
    if (d.file == "kernel.ptx") d.file = request.source.name;
  append(result.diagnostics, cubin.diagnostics);
  result.timings.push_back({"ptxas", static_cast<double>(cubin.wall_ms)});
  result.tools.push_back(cubin.identity.key());
  if (!cubin.ok()) return result;
  // kilnd takes a worker that sends more for a liar; thousands of entries
  // make that much -v output honestly.
  result.tool_log = boundedToolLog(PtxasDriver::infoLines(cubin.output), wire::kMaxToolLogBytes);
  result.artifacts.push_back({artifactStem(request.source.name) + ".cubin", "cubin", cubin.artifact});
  result.artifacts.push_back({"launch.json", "launch", launchFile(request, checked.entries, cubin.resources)});
  return result;
}

}  // namespace kiln::nvidia
