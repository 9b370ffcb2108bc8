// Target names as data. Which targets exist is for backends to say (workers
// advertise them); this only checks that a name is one at all, so a name
// from the wire or the command line is short, printable and never a path or
// a flag by the time it reaches a log line, a key or a tool's argv.
#pragma once

#include <string_view>

namespace kiln {

inline constexpr std::size_t kMaxTargetNameBytes = 32;

// Lower-case letters, digits and '_', starting with a letter: "sm_90", "ascend910b2".
inline bool isTargetName(std::string_view name) {
  if (name.empty() || name.size() > kMaxTargetNameBytes || name[0] < 'a' || name[0] > 'z') return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace kiln
