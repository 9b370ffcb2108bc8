#include "server/scheduler/platform_router.h"

#include <functional>

namespace kiln::server {
namespace {

// Each string is written as its length, ':', then its bytes, so no choice
// of names or values can make two different requirements encode the same
// (a tool named "a=b" cannot pass for tool "a" with identity "b").
void put(std::string &out, const std::string &text) {
  out += std::to_string(text.size());
  out += ':';
  out += text;
}

void put(std::string &out, const std::map<std::string, std::string> &entries) {
  out += std::to_string(entries.size());
  out += '{';
  for (const auto &[name, value] : entries) {
    put(out, name);
    put(out, value);
  }
  out += '}';
}

}  // namespace

PlatformKey PlatformRouter::route(const JobRequirements &requirements) {
  PlatformKey key;
  put(key.encoded, requirements.target);
  put(key.encoded, requirements.tools);
  put(key.encoded, requirements.settings);
  put(key.encoded, requirements.lowering);
  put(key.encoded, requirements.not_token);
  key.hash = std::hash<std::string>{}(key.encoded);
  return key;
}

}  // namespace kiln::server
