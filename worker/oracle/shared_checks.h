// The oracle's checks over PTX shared memory. Each finding is a located
// error "[code] message" with notes at the other places involved:
//   oracle.constant-oob  an ld/st.shared at symbol+constant past the end of
//                        (or before) its declared array
//   oracle.capacity      static shared memory over 48 KiB, or any total
//                        over the target's opt-in maximum per block
// ptxas 13 accepts the first silently (a load at byte 1024 of a 1024-byte
// array assembles), and the second only fails at launch for dynamic memory.
#pragma once

#include <string>
#include <vector>

#include "worker/oracle/shared_plan.h"
#include "worker/pipeline/diagnostic.h"

namespace kiln::oracle {

struct CheckLimits {
  std::int64_t static_shared_limit = 48 * 1024;
  std::int64_t max_shared_per_block = 0;  // the opt-in maximum; 0: unknown
  std::string target;                     // for messages
};

std::vector<Diagnostic> checkConstantBounds(const EntryPlan &entry);
std::vector<Diagnostic> checkCapacity(const EntryPlan &entry, const CheckLimits &limits);

}  // namespace kiln::oracle
