#include "core/symbol_name.h"

#include <algorithm>
#include <array>

namespace kiln {
namespace {

// C++20 keywords and alternative tokens, plus the names CUDA C predefines
// in every kernel: a kernel named `int` or `threadIdx` cannot be emitted as
// CUDA C, though PTX would take it.
constexpr std::array<std::string_view, 102> kReserved = {
    "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
    "catch", "char", "char8_t", "char16_t", "char32_t", "class", "co_await", "co_return", "co_yield",
    "compl", "concept", "const", "consteval", "constexpr", "constinit", "const_cast", "continue",
    "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum", "explicit",
    "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int", "long",
    "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or", "or_eq",
    "private", "protected", "public", "register", "reinterpret_cast", "requires", "restrict", "return",
    "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
    "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
    "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
    // CUDA's built-in variables and types every kernel sees.
    "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize", "dim3", "half", "main", "size_t"};

bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<std::string> symbolNameProblem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.size() > kMaxSymbolNameBytes)
    return "is " + std::to_string(name.size()) + " bytes long; names are at most " +
           std::to_string(kMaxSymbolNameBytes);
  if (!isLetter(name[0])) return "does not start with a letter or '_'";
  if (!std::all_of(name.begin(), name.end(), [](char c) { return isLetter(c) || isDigit(c); }))
    return "holds characters other than letters, digits and '_'";
  // C and C++ reserve these for the compiler and its library.
  if (name.size() > 1 && name[0] == '_' && (name[1] == '_' || (name[1] >= 'A' && name[1] <= 'Z')))
    return "starts with '__' or '_' and a capital, which C reserves for the implementation";
  if (std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end())
    return "is a C++ keyword or a CUDA built-in name";
  return std::nullopt;
}

}  // namespace kiln
