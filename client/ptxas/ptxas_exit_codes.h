// Exit codes of kiln-ptxas. Where ptxas has a meaning, kiln-ptxas keeps it
// (0 assembled, 255 the PTX or a file was the problem: what ptxas 13 exits
// with for every failure); where only kiln can fail, it uses the kiln CLI's
// numbers (client/cli/exit_codes.h), so a producer sees "non-zero" as it
// does with ptxas and a person can tell the cases apart.
#pragma once

#include "client/cli/exit_codes.h"

namespace kiln::ptxas {

inline constexpr int kExitOk = 0;
// The compile failed: a ptxas error, an oracle finding, an unreadable input,
// an unwritable output, or PTX over the request limit. ptxas exits 255 for
// all of these.
inline constexpr int kExitCompileFailed = 255;
// The command line: a flag kiln-ptxas does not take, a bad value, several
// inputs (ptxas says 255 here too; 2 tells "kiln refused it" apart), or a
// target kilnd does not serve.
inline constexpr int kExitUsage = cli::kExitUsage;               // 2
inline constexpr int kExitUnavailable = cli::kExitUnavailable;   // 3: kilnd unreachable or refused the token
inline constexpr int kExitNoWorker = cli::kExitNoWorker;         // 4: no connected worker has ptxas for the target
inline constexpr int kExitBadReply = cli::kExitBadReply;         // 5: kilnd's answer was refused, nothing written

}  // namespace kiln::ptxas
