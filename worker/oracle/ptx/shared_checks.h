// The oracle's checks over PTX shared memory. Each finding is a located
// error "[code] message" with notes at the other places involved:
//   oracle.constant-oob  an ld/st.shared at symbol+constant past the end of
//                        (or before) its declared array
//   oracle.capacity      static shared memory over 48 KiB, or any total
//                        over the target's opt-in maximum per block
//   oracle.missing-barrier  (warning) an ld.shared of bytes an st.shared wrote
//                        earlier with no bar.sync between them: at a constant
//                        address every thread shares those bytes, so a thread
//                        may read before the writer has written
//   oracle.dead-tile     (warning) a static array that is only ever stored
//                        to, at constant addresses, and named nowhere else
// ptxas 13 accepts all of them silently (a load at byte 1024 of a 1024-byte
// array assembles); capacity over the opt-in only fails at launch.
#pragma once

#include <string>
#include <vector>

#include "worker/oracle/ptx/shared_plan.h"
#include "core/diagnostic.h"

namespace kiln::oracle {

struct CheckLimits {
  std::int64_t static_shared_limit = 48 * 1024;
  std::int64_t max_shared_per_block = 0;  // the opt-in maximum; 0: unknown
  std::string target;                     // for messages
};

std::vector<Diagnostic> checkConstantBounds(const EntryPlan &entry);
std::vector<Diagnostic> checkCapacity(const EntryPlan &entry, const CheckLimits &limits);
std::vector<Diagnostic> checkBarriers(const EntryPlan &entry);
std::vector<Diagnostic> checkDeadArrays(const EntryPlan &entry);

}  // namespace kiln::oracle
