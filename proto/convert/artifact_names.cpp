#include "proto/convert/artifact_names.h"

#include <map>
#include <set>

namespace kiln::wire {

std::string quotedName(std::string_view name) {
  static constexpr std::size_t kShown = 80;
  std::string out = "'";
  for (std::size_t i = 0; i < name.size() && i < kShown; ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '\'') {
      out += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (name.size() > kShown) out += "...";
  return out + "'";
}

std::string artifactNameProblem(std::string_view name) {
  if (name.empty()) return "an artifact has no name";
  if (name.size() > kMaxArtifactNameBytes)
    return "artifact name " + quotedName(name) + " is " + std::to_string(name.size()) + " bytes; at most " +
           std::to_string(kMaxArtifactNameBytes) + " are allowed";
  if (name.front() == '.')
    return "artifact name " + quotedName(name) + " starts with '.' (a hidden file, '.' or '..')";
  for (char c : name) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '/' || c == '\\') return "artifact name " + quotedName(name) + " is a path, not a plain file name";
    if (u < 0x20 || u == 0x7f) return "artifact name " + quotedName(name) + " holds a control character";
  }
  return {};
}

bool isArtifactKind(std::string_view kind) {
  return kind == kLaunchKind || parseEmit(std::string(kind)).has_value();
}

std::string resultShapeProblem(const std::vector<Emit> &emit, const CompileResult &result) {
  // The tool log is printed on clients' terminals: text only, and bounded.
  if (result.tool_log.size() > kMaxToolLogBytes)
    return "a tool log of " + std::to_string(result.tool_log.size()) + " bytes (at most " +
           std::to_string(kMaxToolLogBytes) + ")";
  for (char c : result.tool_log)
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
      return "a tool log with a control byte " + std::to_string(static_cast<unsigned char>(c));
  std::set<std::string_view> names;
  std::map<std::string_view, int> kinds;
  for (const Artifact &a : result.artifacts) {
    if (std::string problem = artifactNameProblem(a.name); !problem.empty()) return problem;
    if (!isArtifactKind(a.kind)) return "artifact " + quotedName(a.name) + " has kind " + quotedName(a.kind) +
                                       ", which kiln does not make";
    if (!names.insert(a.name).second) return "two artifacts are named " + quotedName(a.name);
    ++kinds[a.kind];
  }
  if (hasErrors(result.diagnostics)) {
    if (!result.artifacts.empty())
      return "a failed compile came with " + std::to_string(result.artifacts.size()) + " artifact(s)";
    return {};
  }
  std::set<std::string_view> asked;
  for (Emit e : emit) asked.insert(emitName(e));
  for (std::string_view kind : asked)
    if (kinds[kind] != 1)
      return std::to_string(kinds[kind]) + " artifact(s) of kind " + std::string(kind) + " where one was asked for";
  for (const auto &[kind, count] : kinds)
    if (kind != kLaunchKind && !asked.count(kind))
      return "an artifact of kind " + std::string(kind) + ", which was not asked for";
  if (kinds[kLaunchKind] != 1)
    return std::to_string(kinds[kLaunchKind]) + " launch artifact(s) where one " + std::string(kLaunchName) +
           " belongs";
  for (const Artifact &a : result.artifacts)
    if (a.kind == kLaunchKind && a.name != kLaunchName)
      return "the launch artifact is named " + quotedName(a.name) + ", not " + std::string(kLaunchName);
  return {};
}

}  // namespace kiln::wire
