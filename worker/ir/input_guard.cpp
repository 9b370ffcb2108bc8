#include "worker/ir/input_guard.h"

#include <string>

namespace kiln {
namespace {

Diagnostic located(std::string_view file, unsigned line, unsigned column, std::string message) {
  Diagnostic d;
  d.file = file;
  d.line = line;
  d.column = column;
  d.message = std::move(message);
  return d;
}

bool isBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool isWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '$';
}

// MLIR parses the terms of an affine expression ("d0 + d0 + ...", "- - d0")
// by recursion with no bracket to count, so the depth guard cannot bound
// them. Tile IR has no use for affine maps or sets (memrefs are plain static
// shapes, conditions are arith values), so they are refused outright.
constexpr std::string_view kRecursiveWords[] = {"affine_map", "affine_set"};

}  // namespace

std::optional<Diagnostic> checkInput(std::string_view file, std::string_view text,
                                     const InputLimits &limits) {
  if (text.size() > limits.max_bytes)
    return located(file, 0, 0,
                   "input is " + std::to_string(text.size()) + " bytes, over the limit of " +
                       std::to_string(limits.max_bytes) + " bytes");
  if (isBlank(text))
    return located(file, 1, 1, "input is empty; expected a module with at least one tile.kernel function");

  // One pass over the bytes: NULs, and bracket depth outside comments and
  // string literals. Unbalanced closers clamp at zero; the parser reports them.
  unsigned line = 1, column = 0, depth = 0;
  bool inComment = false, inString = false, escaped = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      inComment = false;
      continue;
    }
    if (c == '\0')
      return located(file, line, column, "input contains a NUL byte; Tile IR is text");
    if (inComment) continue;
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    if (isWordChar(c) && (i == 0 || !isWordChar(text[i - 1]))) {
      size_t end = i;
      while (end < text.size() && isWordChar(text[end])) ++end;
      std::string_view word = text.substr(i, end - i);
      for (std::string_view refused : kRecursiveWords)
        if (word == refused)
          return located(file, line, column,
                         std::string(refused) + " is not part of Tile IR; memrefs have static shapes and "
                                                "conditions are arith values [ir.input]");
      column += static_cast<unsigned>(end - i - 1);
      i = end - 1;
      continue;
    }
    switch (c) {
      case '/':
        if (i + 1 < text.size() && text[i + 1] == '/') inComment = true;
        break;
      case '"': inString = true; break;
      case '{': case '(': case '[': case '<':
        if (++depth > limits.max_nesting_depth)
          return located(file, line, column,
                         "nesting is deeper than " + std::to_string(limits.max_nesting_depth) +
                             " levels of brackets");
        break;
      case '>':
        // Neither the arrow "->" nor a comparison ">=" closes a bracket.
        // Counting too few closers only refuses more; too many would let
        // nesting past the bound.
        if (i > 0 && text[i - 1] == '-') break;
        if (i + 1 < text.size() && text[i + 1] == '=') break;
        [[fallthrough]];
      case '}': case ')': case ']':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return std::nullopt;
}

}  // namespace kiln
