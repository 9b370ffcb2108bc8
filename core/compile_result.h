// What a compile produced: the one result schema every layer carries, from
// the job child through kiln-worker, kilnd and the cache to the client.
// Each fact has a typed field; none rides in another's (no tool identities
// disguised as timings, no verdicts as strings).
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/oracle_mode.h"

namespace kiln {

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
  // Every file the client gets, launch metadata (launch.json, kind
  // "launch") included: to the cache and the wire all are plain bytes.
  std::vector<Artifact> artifacts;
  std::vector<Diagnostic> diagnostics;  // errors, warnings, and tool remarks
  std::vector<StageTiming> timings;
  std::vector<std::string> tools;  // identities of the tools that ran ("ptxas 13.0.88 sha256:...")
  OracleVerdict oracle_verdict = OracleVerdict::kNotRun;
  // What the vendor tool reported on a run besides diagnostics, its lines as
  // it printed them: ptxas -v's resource usage. kiln-ptxas prints it back as
  // ptxas would; it is cached with the result.
  std::string tool_log;
  bool ok() const { return !hasErrors(diagnostics) && !artifacts.empty(); }
};

/// A failed result with one error diagnostic, reported by `tool` about `file`.
CompileResult failedResult(std::string message, std::string tool = "kiln", std::string file = {});

}  // namespace kiln
