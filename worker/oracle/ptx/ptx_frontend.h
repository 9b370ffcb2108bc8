// Reads PTX text into one EntryPlan per `.entry`, without any NVIDIA tool:
//  - `.shared` declarations, module-scope and inside an entry, static
//    (`.b8 name[SIZE]`, any element type) and `.extern` (dynamic);
//  - `ld.shared*` / `st.shared*` whose address is `[symbol]` or
//    `[symbol+C]`; register-based addresses are not resolvable statically
//    and are left out;
//  - malformed declarations are errors located at the line.
#pragma once

#include <string_view>
#include <vector>

#include "worker/oracle/ptx/shared_plan.h"
#include "core/diagnostic.h"

namespace kiln::oracle {

struct PtxReadResult {
  std::vector<EntryPlan> entries;
  std::vector<Diagnostic> diagnostics;
};

PtxReadResult readPtx(std::string_view text, const std::string &file);

}  // namespace kiln::oracle
