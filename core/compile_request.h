// A compile as kiln runs it: the value every layer passes down, from the
// CLI or the wire to a backend. Plain data; conversions to and from
// kiln.v1 are in proto/convert/.
#pragma once

#include <string>
#include <vector>

#include "core/emit.h"
#include "core/input_kind.h"
#include "core/oracle_mode.h"
#include "core/source_file.h"

namespace kiln {

// How ptxas assembles a PTX input: the options producers pass it (Triton:
// -lineinfo, --fmad, --opt-level). kiln builds ptxas's arguments from these;
// no flag text crosses the wire. Only PTX inputs take them.
struct PtxasOptions {
  int opt_level = 3;  // -O0 .. -O3
  bool line_info = false;
  bool debug = false;  // -g
  bool fmad = true;
  // --regAllocOptLevel, which Triton always passes (2: its workaround for a
  // ptxas 13 register-allocation bug); -1 leaves ptxas's default.
  int reg_alloc_opt_level = -1;
  // -v: ptxas's resource report, returned as the result's tool_log. ptxas
  // records its options in the cubin, and -v costs up to a third more time
  // on kernels of many entries, so a caller that did not ask for it (a
  // ptxas command line without -v) gets neither.
  bool verbose = true;
  bool isDefault() const { return *this == PtxasOptions{}; }
  friend bool operator==(const PtxasOptions &, const PtxasOptions &) = default;
};

struct CompileRequest {
  SourceFile source;
  InputKind input = InputKind::kTileIr;
  std::string target = "sm_90";
  std::vector<Emit> emit = {Emit::kCubin};
  CompilePath via = CompilePath::kBuiltin;
  OracleMode oracle = OracleMode::kError;
  // PTO-MLIR emits only: 3 gives every alloc_tile the address kiln's planner
  // chose (ptoas --pto-level=level3 skips its PlanMemory); 2 leaves the
  // addresses to ptoas.
  int pto_level = 3;
  PtxasOptions ptxas;
};

inline bool wants(const CompileRequest &request, Emit emit) {
  for (Emit e : request.emit)
    if (e == emit) return true;
  return false;
}

}  // namespace kiln
