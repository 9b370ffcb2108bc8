// Compiling Tile IR for an NVIDIA target: the whole job a worker runs.
// MLIR-free, so the CLI and the server call it without MLIR headers.
//
//   source -> front end -> inline helpers -> plan (per kernel) -> oracle
//          -> lower to upstream GPU MLIR -> { built-in: NVVM -> PTX -> ptxas
//                                            { nvcc:     CUDA C -> nvcc
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "worker/oracle/plan_oracle.h"
#include "worker/pipeline/frontend.h"
#include "worker/plan/nvidia_targets.h"
#include "worker/toolchain/nvcc_driver.h"
#include "worker/toolchain/ptxas_driver.h"

namespace kiln {

enum class Emit { kPtx, kCubin, kCuda, kFatbin };
enum class CompilePath { kBuiltin, kNvcc };

const char *emitName(Emit emit);                 // "ptx", "cubin", "cuda", "fatbin"
std::optional<Emit> parseEmit(const std::string &name);
const char *compilePathName(CompilePath path);  // "builtin", "nvcc"

struct CompileRequest {
  SourceFile source;
  std::string target = "sm_90";
  std::vector<Emit> emit = {Emit::kCubin};
  CompilePath via = CompilePath::kBuiltin;
  // What the safety oracle's findings do: fail the compile (error), ride
  // along as warnings (warn), or nothing, with the oracle skipped (off).
  oracle::OracleMode oracle = oracle::OracleMode::kError;
};

struct Artifact {
  std::string name;  // file name, e.g. "gemm.cubin" or "launch.json"
  std::string kind;  // "ptx", "cubin", "cuda", "fatbin", "launch"
  std::string bytes;
};

struct StageTiming {
  std::string stage;
  double ms = 0;
};

struct CompileResult {
  std::vector<Artifact> artifacts;
  std::vector<Diagnostic> diagnostics;  // errors, warnings, and tool remarks
  std::vector<StageTiming> timings;
  std::vector<std::string> tools;       // identities of the tools that ran
  std::string oracle_verdict;  // "clean", "warnings", "errors", "off"; "" if it did not run
  bool ok() const { return !hasErrors(diagnostics) && !artifacts.empty(); }
};

struct CompileConfig {
  FrontendConfig frontend;
  int block_threads = 256;
  plan::NvidiaTargetOverrides target_overrides;
  std::string libdevice_path = "/usr/local/cuda/nvvm/libdevice/libdevice.10.bc";
  toolchain::NvccConfig nvcc;
  toolchain::PtxasConfig ptxas;
  // Test-only: plan with PlannerConfig::faulty_overlap, so tests can prove
  // the oracle stops a broken plan before it reaches a toolchain.
  bool faulty_planner = false;
};

/// The configuration plus the toolchains found for it. Discovery hashes the
/// tool binaries, so a long-lived worker discovers once and compiles many.
class CompileEnvironment {
 public:
  static CompileEnvironment discover(CompileConfig config);

  const CompileConfig &config() const { return config_; }
  const toolchain::NvccDriver *nvcc() const { return nvcc_ ? &*nvcc_ : nullptr; }
  const toolchain::PtxasDriver *ptxas() const { return ptxas_ ? &*ptxas_ : nullptr; }
  /// Why a tool is missing ("nvcc not found (searched: ...)").
  const std::vector<Diagnostic> &nvccMissing() const { return nvcc_missing_; }
  const std::vector<Diagnostic> &ptxasMissing() const { return ptxas_missing_; }

 private:
  CompileConfig config_;
  std::optional<toolchain::NvccDriver> nvcc_;
  std::optional<toolchain::PtxasDriver> ptxas_;
  std::vector<Diagnostic> nvcc_missing_, ptxas_missing_;
};

CompileResult compile(const CompileRequest &request, const CompileEnvironment &environment);

}  // namespace kiln
