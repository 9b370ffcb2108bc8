// The options of `kiln compile`, and the seam between the command and where
// the compile runs: on kilnd (remote_compile.h) or in this process
// (local_compile.h, only in kiln-local, which links the pipeline).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/compile_request.h"
#include "core/compile_result.h"
#include "core/wire_limits.h"

namespace kiln::cli {

struct CompileOptions {
  std::string file;
  std::string input;  // tile-ir, ptx, ascendc or pto; empty: by the file's extension
  std::string target = "sm_90";
  // Empty: the input's own product (cubin for Tile IR and PTX, obj for
  // AscendC C++, pto-obj for PTO-MLIR).
  std::vector<std::string> emit;
  PtxasOptions ptxas;  // PTX inputs only
  std::string via = "builtin";
  int pto_level = 3;  // PTO emits only (CompileRequest::pto_level)
  std::string oracle = "error";  // error, warn or off (plan_oracle.h)
  std::string out_dir = ".";
  bool local = false;
  std::string cache_db;  // empty: no cache
  bool json = false;
  bool verbose = false;
  // IR bytes kilnd takes (its --max-request-bytes); checked before sending.
  std::int64_t max_request_bytes = kDefaultMaxRequestBytes;
  int jobs = 8;  // several files: compiles in flight at once (--local: one at a time)
};

struct CompileOutcome {
  CompileResult result;
  // Extra members of the --json report ("cache" for --local --cache).
  nlohmann::json report = nlohmann::json::object();
};

// Runs `request` for `kiln compile --local`. kiln-local compiles in
// process; the thin kiln hands the whole command line to kiln-local.
using LocalCompile = std::function<CompileOutcome(const CompileRequest &, const CompileOptions &)>;

}  // namespace kiln::cli
