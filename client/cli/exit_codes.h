// Exit codes of every kiln binary, as compilers use them.
#pragma once

namespace kiln::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // invalid input, failed compile, unreadable file
inline constexpr int kExitUsage = 2;    // bad flags or arguments
inline constexpr int kExitUnavailable = 3;  // kilnd unreachable, shutting down, or refused our token

}  // namespace kiln::cli
