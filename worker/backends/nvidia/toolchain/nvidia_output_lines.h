// Recognisers for single lines of NVIDIA tool output, one per format. Used
// by nvidia_diagnostics.cpp, which folds lines into records.
#pragma once

#include <optional>
#include <string_view>

#include "core/diagnostic.h"

namespace kiln::nvidia::nvidia_lines {

enum class Origin { kCudafe, kHostCompiler, kPtxas, kDriver };

struct Parsed {
  Diagnostic diagnostic;  // file and message exactly as printed
  Origin origin;
};

/// `kernel.cu(12): error: ...`, `kernel.cu(12): warning #177-D: ...`
std::optional<Parsed> parseCudafe(std::string_view line);
/// `kernel.cu:3:2: error: ...`, `cc1plus: fatal error: ...`
std::optional<Parsed> parseHostCompiler(std::string_view line);
/// `ptxas kernel.ptx, line 5; error   : ...`, `ptxas info    : ...`
std::optional<Parsed> parsePtxas(std::string_view line);
/// `nvcc fatal   : ...` (and nvlink, fatbinary, ...), `bwrap: ...`
std::optional<Parsed> parseDriver(std::string_view line);
/// Summary lines that repeat what the records say.
bool isNoise(std::string_view line);

bool startsWith(std::string_view text, std::string_view prefix);
std::string_view trim(std::string_view text);
/// Digits at `pos` (advancing past them); nothing if none or too many.
std::optional<unsigned> readNumber(std::string_view text, size_t &pos);
/// `text` if it is all digits.
std::optional<unsigned> wholeNumber(std::string_view text);

}  // namespace kiln::nvidia::nvidia_lines
