// The oracle's view of one PTX entry function's shared memory: the arrays
// it can reach and the accesses whose address is a symbol plus a constant.
// Everything carries a source location for located diagnostics.
//
// PTX keeps its own small model because ptxas, not kiln, places the arrays:
// there are no offsets to check for aliasing, only symbols, sizes and
// constant accesses. Tile IR and PTO-MLIR plans are plan::KernelPlan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "worker/plan/memory_plan.h"

namespace kiln::oracle {

using SourceLoc = plan::SourceLoc;

struct SharedArray {
  std::string name;
  std::int64_t size = 0;  // bytes; 0 for an `extern` (dynamic) array
  bool dynamic = false;
  // How often the entry's body names the array besides its declaration. When
  // that equals its resolved accesses, no register-based address can reach
  // it, so what those accesses do is all that happens to it.
  int references = 0;
  SourceLoc loc;
};

struct SharedAccess {
  std::string symbol;
  std::int64_t offset = 0;  // bytes from the symbol
  std::int64_t width = 0;   // bytes accessed
  bool store = false;
  std::string text;  // the instruction, for messages: "ld.shared.f32"
  SourceLoc loc;
};

/// A block-wide barrier (bar.sync, barrier.sync, bar.cta.sync, ...).
struct Barrier {
  std::size_t after = 0;  // how many of the entry's accesses come before it
  bool predicated = false;
  SourceLoc loc;
};

struct EntryPlan {
  std::string name;
  SourceLoc loc;
  std::vector<SharedArray> arrays;  // module-scope arrays it uses, then its own
  std::vector<SharedAccess> accesses;  // in text order
  std::vector<Barrier> barriers;       // in text order
};

}  // namespace kiln::oracle
