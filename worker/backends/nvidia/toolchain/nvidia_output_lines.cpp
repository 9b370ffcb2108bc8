#include "worker/backends/nvidia/toolchain/nvidia_output_lines.h"

#include <cctype>
#include <string>
#include <utility>

namespace kiln::nvidia::nvidia_lines {

// Lines are matched by hand rather than with std::regex: libstdc++'s regex
// recurses per character and a hostile source can make a compiler echo
// very long lines.

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

namespace {

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

}  // namespace

// Digits at `pos`; advances `pos` past them. Nothing if none, or too many.
std::optional<unsigned> readNumber(std::string_view text, size_t &pos) {
  size_t start = pos;
  unsigned long value = 0;
  while (pos < text.size() && isDigit(text[pos]) && pos - start < 9) value = value * 10 + (text[pos++] - '0');
  if (pos == start || (pos < text.size() && isDigit(text[pos]))) return std::nullopt;
  return static_cast<unsigned>(value);
}

std::optional<unsigned> wholeNumber(std::string_view text) {
  size_t pos = 0;
  std::optional<unsigned> value = readNumber(text, pos);
  return value && pos == text.size() ? value : std::nullopt;
}

namespace {

struct SeverityWord {
  std::string_view word;
  Severity severity;
};

// "catastrophic error: ...", "warning #177-D: ...": severity, message.
std::optional<std::pair<Severity, std::string>> cudafeSeverity(std::string_view rest) {
  static constexpr SeverityWord kWords[] = {{"catastrophic error", Severity::kError},
                                            {"error", Severity::kError},
                                            {"warning", Severity::kWarning},
                                            {"remark", Severity::kRemark},
                                            {"note", Severity::kNote}};
  for (const SeverityWord &w : kWords) {
    if (!startsWith(rest, w.word)) continue;
    std::string_view after = rest.substr(w.word.size());
    std::string number;
    if (startsWith(after, " #")) {
      size_t end = 2;
      auto partOfNumber = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; };
      while (end < after.size() && partOfNumber(after[end])) ++end;
      number = std::string(after.substr(1, end - 1));
      after = after.substr(end);
    }
    if (!startsWith(after, ": ")) continue;
    std::string message(trim(after.substr(2)));
    if (!number.empty()) message += " [" + number + "]";
    return std::pair{w.severity, message};
  }
  return std::nullopt;
}

}  // namespace

// `kernel.cu(12): error: identifier "x" is undefined`
std::optional<Parsed> parseCudafe(std::string_view line) {
  for (size_t open = line.find('('); open != std::string_view::npos && open > 0;
       open = line.find('(', open + 1)) {
    size_t pos = open + 1;
    std::optional<unsigned> number = readNumber(line, pos);
    if (!number || line.substr(pos, 3) != "): ") continue;
    auto severity = cudafeSeverity(line.substr(pos + 3));
    if (!severity) continue;
    Parsed parsed{{}, Origin::kCudafe};
    parsed.diagnostic.file = std::string(line.substr(0, open));
    parsed.diagnostic.line = *number;
    parsed.diagnostic.severity = severity->first;
    parsed.diagnostic.message = std::move(severity->second);
    return parsed;
  }
  return std::nullopt;
}

// `kernel.cu:3:2: error: #error boom` from the host preprocessor, or
// `cc1plus: fatal error: kernel.cu: No such file or directory`.
std::optional<Parsed> parseHostCompiler(std::string_view line) {
  static constexpr SeverityWord kWords[] = {{": fatal error: ", Severity::kError},
                                            {": error: ", Severity::kError},
                                            {": warning: ", Severity::kWarning},
                                            {": note: ", Severity::kNote}};
  size_t best = std::string_view::npos;
  const SeverityWord *found = nullptr;
  for (const SeverityWord &w : kWords) {
    size_t at = line.find(w.word);
    if (at < best) {
      best = at;
      found = &w;
    }
  }
  if (found == nullptr || best == 0) return std::nullopt;
  std::string_view location = line.substr(0, best);
  Parsed parsed{{}, Origin::kHostCompiler};
  parsed.diagnostic.severity = found->severity;
  parsed.diagnostic.message = std::string(trim(line.substr(best + found->word.size())));
  // Up to two trailing ":<number>" parts: line, then column.
  std::optional<unsigned> numbers[2];
  int count = 0;
  while (count < 2) {
    size_t colon = location.rfind(':');
    if (colon == std::string_view::npos) break;
    std::optional<unsigned> number = wholeNumber(location.substr(colon + 1));
    if (!number) break;
    numbers[count++] = number;
    location = location.substr(0, colon);
  }
  if (count == 0) {
    // A program name such as cc1plus, not a file.
    if (location.find(' ') != std::string_view::npos) return std::nullopt;
    return parsed;
  }
  parsed.diagnostic.file = std::string(location);
  parsed.diagnostic.line = count == 2 ? *numbers[1] : *numbers[0];
  parsed.diagnostic.column = count == 2 ? *numbers[0] : 0;
  return parsed;
}

namespace {

// "error   : msg" as the NVIDIA drivers print it, severity padded to width.
std::optional<std::pair<Severity, std::string>> driverSeverity(std::string_view rest) {
  static constexpr SeverityWord kWords[] = {{"error", Severity::kError},
                                            {"fatal", Severity::kError},
                                            {"warning", Severity::kWarning},
                                            {"info", Severity::kRemark}};
  for (const SeverityWord &w : kWords) {
    if (!startsWith(rest, w.word)) continue;
    std::string_view after = rest.substr(w.word.size());
    size_t spaces = 0;
    while (spaces < after.size() && after[spaces] == ' ') ++spaces;
    if (after.substr(spaces, 1) != ":") continue;
    return std::pair{w.severity, std::string(trim(after.substr(spaces + 1)))};
  }
  return std::nullopt;
}

}  // namespace

// `ptxas kernel.ptx, line 5; error   : Unknown symbol 'foo'` or
// `ptxas fatal   : Unresolved extern function '__nv_expf'`
std::optional<Parsed> parsePtxas(std::string_view line) {
  if (!startsWith(line, "ptxas ")) return std::nullopt;
  std::string_view rest = line.substr(6);
  Parsed parsed{{}, Origin::kPtxas};
  parsed.diagnostic.tool = "ptxas";
  if (auto severity = driverSeverity(rest)) {
    parsed.diagnostic.severity = severity->first;
    parsed.diagnostic.message = std::move(severity->second);
    return parsed;
  }
  size_t at = rest.find(", line ");
  if (at == std::string_view::npos || at == 0) return std::nullopt;
  size_t pos = at + 7;
  std::optional<unsigned> number = readNumber(rest, pos);
  if (!number || rest.substr(pos, 2) != "; ") return std::nullopt;
  auto severity = driverSeverity(rest.substr(pos + 2));
  if (!severity) return std::nullopt;
  parsed.diagnostic.file = std::string(rest.substr(0, at));
  parsed.diagnostic.line = *number;
  parsed.diagnostic.severity = severity->first;
  parsed.diagnostic.message = std::move(severity->second);
  return parsed;
}

// `nvcc fatal   : Unsupported gpu architecture 'compute_70'`, and the same
// shape from the other drivers nvcc runs; `bwrap: ...` from the sandbox.
std::optional<Parsed> parseDriver(std::string_view line) {
  static constexpr std::string_view kTools[] = {"nvcc", "nvlink", "fatbinary", "cicc", "cudafe++"};
  for (std::string_view tool : kTools) {
    if (!startsWith(line, tool) || line.substr(tool.size(), 1) != " ") continue;
    auto severity = driverSeverity(line.substr(tool.size() + 1));
    if (!severity) continue;
    Parsed parsed{{}, Origin::kDriver};
    parsed.diagnostic.tool = std::string(tool);
    parsed.diagnostic.severity = severity->first;
    parsed.diagnostic.message = std::move(severity->second);
    return parsed;
  }
  if (startsWith(line, "bwrap: ")) {
    Parsed parsed{{}, Origin::kDriver};
    parsed.diagnostic.tool = "kiln";
    parsed.diagnostic.message = "sandbox: " + std::string(trim(line.substr(7)));
    return parsed;
  }
  return std::nullopt;
}

// Summaries that repeat what the records already say.
bool isNoise(std::string_view line) {
  if (line == "compilation terminated." || line == "Compilation terminated.") return true;
  if (startsWith(line, "Remark: The warnings can be suppressed with")) return true;
  size_t pos = 0;
  if (readNumber(line, pos)) {
    std::string_view rest = line.substr(pos);
    if (startsWith(rest, " catastrophic")) rest = rest.substr(13);
    return (startsWith(rest, " error detected in the compilation of") ||
            startsWith(rest, " errors detected in the compilation of"));
  }
  return false;
}

}  // namespace kiln::nvidia::nvidia_lines
