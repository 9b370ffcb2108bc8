// Exit codes of every kiln binary, as compilers use them.
#pragma once

namespace kiln::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // invalid input, failed compile, unreadable file
inline constexpr int kExitUsage = 2;    // bad flags or arguments
inline constexpr int kExitUnavailable = 3;  // kilnd unreachable, shutting down, or refused our token
// kilnd's answer was refused: a broken artifact stream, or an artifact name
// that is not a plain file name (nothing is written then).
inline constexpr int kExitBadReply = 5;

}  // namespace kiln::cli
