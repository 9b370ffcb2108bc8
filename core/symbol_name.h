// Kernel and helper names as data. A name reaches a generated CUDA C source,
// an LLVM/PTX symbol, a cubin's symbol table and a launch manifest, so the
// only names kiln accepts are ones every backend can emit unchanged and that
// cannot be read as anything but a name: C identifiers, not keywords, not
// reserved to the implementation, not a CUDA built-in variable.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace kiln {

// Longer names are legal C but no real kernel needs them, and every log
// line, manifest and symbol table that holds one stays bounded.
inline constexpr std::size_t kMaxSymbolNameBytes = 128;

/// Why `name` cannot be a kernel or helper name, or nothing when it can.
std::optional<std::string> symbolNameProblem(std::string_view name);

inline bool isSymbolName(std::string_view name) { return !symbolNameProblem(name); }

}  // namespace kiln
