// What ptxas reads of this machine besides the PTX: with line info, it
// stats every source a `.file` directive names and records that file's
// modification time and size in the cubin (measured with ptxas 13.0: the
// same PTX assembled with its sources hidden gives other bytes). A worker
// runs ptxas sandboxed, on another machine, where those files are not, so
// kiln-ptxas does here what ptxas would have done here: it writes the time
// and size it sees into each `.file` that lacks them, as PTX allows
// (`.file 1 "k.py", 1796215088, 3408`). ptxas then records exactly those,
// the cubin equals a local ptxas's, and the key says which sources it saw.
// Only metadata is read, never a source's bytes; what cannot be stat'ed
// (a missing file) is left as it is, as ptxas would find it missing too.
#pragma once

#include <string>

namespace kiln::ptxas {

std::string stampSourceFiles(std::string ptx);

}  // namespace kiln::ptxas
