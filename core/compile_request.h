// A compile as kiln runs it: the value every layer passes down, from the
// CLI or the wire to a backend. Plain data; conversions to and from
// kiln.v1 are in proto/convert/.
#pragma once

#include <string>
#include <vector>

#include "core/emit.h"
#include "core/oracle_mode.h"
#include "core/source_file.h"

namespace kiln {

struct CompileRequest {
  SourceFile source;
  std::string target = "sm_90";
  std::vector<Emit> emit = {Emit::kCubin};
  CompilePath via = CompilePath::kBuiltin;
  OracleMode oracle = OracleMode::kError;
  // PTO-MLIR emits only: 3 gives every alloc_tile the address kiln's planner
  // chose (ptoas --pto-level=level3 skips its PlanMemory); 2 leaves the
  // addresses to ptoas.
  int pto_level = 3;
};

inline bool wants(const CompileRequest &request, Emit emit) {
  for (Emit e : request.emit)
    if (e == emit) return true;
  return false;
}

}  // namespace kiln
