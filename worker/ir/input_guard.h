// Cheap checks on raw input before the MLIR parser sees it. The parser is
// recursive and trusts its input to be text; these checks turn hostile input
// (binary data, huge files, pathological nesting) into one located error.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "core/diagnostic.h"

namespace kiln {

struct InputLimits {
  size_t max_bytes = 16u << 20;
  // Real kernels nest a few levels; the bound keeps the parser's recursion
  // far from the end of any thread's stack.
  unsigned max_nesting_depth = 128;
};

/// The first reason `text` cannot be Tile IR source, or nothing.
std::optional<Diagnostic> checkInput(std::string_view file, std::string_view text,
                                     const InputLimits &limits);

}  // namespace kiln
