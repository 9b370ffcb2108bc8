#include "worker/backends/ascend/toolchain/target_flag_checks.h"

#include <cctype>
#include <string>
#include <vector>

namespace kiln::ascend {
namespace {

Diagnostic refusal(std::string_view tool, std::string message) {
  Diagnostic d;
  d.tool = std::string(tool);
  d.message = std::move(message);
  return d;
}

bool isOptionName(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!std::islower(static_cast<unsigned char>(c)) && !std::isdigit(static_cast<unsigned char>(c)) && c != '-')
      return false;
  return true;
}

bool isMacroName(std::string_view text) {
  if (text.empty() || std::isdigit(static_cast<unsigned char>(text.front()))) return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  return true;
}

// "name" or "name=value", with the parts as given.
bool isOption(std::string_view text, bool (*name_ok)(std::string_view)) {
  size_t eq = text.find('=');
  if (eq == std::string_view::npos) return name_ok(text);
  return name_ok(text.substr(0, eq)) && isPlainWord(text.substr(eq + 1));
}

// The forms CANN's bisheng_intf.cmake adds per SoC. Nothing that names a
// file (-o, -I, -include, @file) or loads code (-fplugin, -Xclang -load).
std::optional<std::string> badFlag(const std::vector<std::string> &flags) {
  for (size_t i = 0; i < flags.size(); ++i) {
    std::string_view flag = flags[i];
    if (flag.substr(0, 2) == "-D" && isOption(flag.substr(2), isMacroName)) continue;
    if (flag.substr(0, 6) == "--cce-" && isOption(flag.substr(6), isOptionName)) continue;
    if (flag == "-mllvm" && i + 1 < flags.size() && std::string_view(flags[i + 1]).substr(0, 5) == "-cce-" &&
        isOption(std::string_view(flags[i + 1]).substr(5), isOptionName)) {
      ++i;
      continue;
    }
    return std::string(flag);
  }
  return std::nullopt;
}

}  // namespace

bool isPlainWord(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

std::optional<Diagnostic> checkTarget(const AscendTarget *target, std::string_view tool) {
  if (target == nullptr) return refusal(tool, "internal error: a " + std::string(tool) + " job without a target");
  const AscendTarget &t = *target;
  if (!isPlainWord(t.name))
    return refusal(tool, "refusing target '" + t.name + "': a target name is letters, digits, '_', '.' and '-'");
  const std::pair<const char *, const std::string *> fields[] = {{"SoC version", &t.soc_version},
                                                                 {"cube arch", &t.cube_arch},
                                                                 {"vector arch", &t.vector_arch},
                                                                 {"NPU arch", &t.npu_arch},
                                                                 {"PTO arch", &t.pto_arch}};
  for (const auto &[what, value] : fields) {
    // Empty is allowed here (310P has no PTO arch); the driver that needs
    // the string refuses its absence.
    if (!value->empty() && !isPlainWord(*value))
      return refusal(tool, "refusing target " + t.name + ": its " + what + " '" + *value +
                               "' is not letters, digits, '_', '.' and '-'");
  }
  if (std::optional<std::string> bad = badFlag(t.extra_bisheng_flags))
    return refusal(tool, "refusing target " + t.name + ": its bisheng flag '" + *bad +
                             "' is not one kiln passes (-D<macro>, --cce-<option>, -mllvm -cce-<option>)");
  return std::nullopt;
}

}  // namespace kiln::ascend
