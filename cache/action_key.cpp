#include "cache/action_key.h"

#include <algorithm>

namespace kiln::cache {
namespace {

void appendField(std::string &out, const std::string &value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

void appendLine(std::string &out, const char *name, const std::string &value) {
  out += name;
  out += ' ';
  appendField(out, value);
  out += '\n';
}

void appendMap(std::string &out, const char *name, const std::map<std::string, std::string> &map) {
  out += name;
  out += ' ';
  out += std::to_string(map.size());
  out += '\n';
  for (const auto &[key, value] : map) {  // std::map iterates sorted
    appendField(out, key);
    out += ' ';
    appendField(out, value);
    out += '\n';
  }
}

}  // namespace

std::string encodeActionKey(const ActionKeyInput &input) {
  std::vector<std::string> emit = input.emit;
  std::sort(emit.begin(), emit.end());
  emit.erase(std::unique(emit.begin(), emit.end()), emit.end());

  std::string out = kActionKeyVersion;
  out += '\n';
  appendLine(out, "ir", input.ir_digest);
  appendLine(out, "target", input.target);
  out += "emit " + std::to_string(emit.size()) + '\n';
  for (const std::string &kind : emit) {
    appendField(out, kind);
    out += '\n';
  }
  appendMap(out, "options", input.options);
  appendLine(out, "oracle", input.oracle_mode);
  appendMap(out, "tools", input.tools);
  appendLine(out, "lowering", input.lowering_version);
  return out;
}

Digest actionKey(const ActionKeyInput &input) { return Digest::of(encodeActionKey(input)); }

}  // namespace kiln::cache
