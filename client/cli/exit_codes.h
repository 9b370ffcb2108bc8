// Exit codes of every kiln binary, as compilers use them.
#pragma once

namespace kiln::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // invalid input, failed compile, unreadable file
inline constexpr int kExitUsage = 2;    // bad flags or arguments
inline constexpr int kExitUnavailable = 3;  // kilnd unreachable, shutting down, or refused our token
// No connected worker can serve the target with its tools: not the
// kernel's fault (1) nor the command line's (2); retry when workers are up.
inline constexpr int kExitNoWorker = 4;
// kilnd's answer was refused: a broken artifact stream, or an artifact name
// that is not a plain file name (nothing is written then).
inline constexpr int kExitBadReply = 5;

}  // namespace kiln::cli
