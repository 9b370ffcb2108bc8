// The action key: what a compile result is cached under.
//
// Encoding "kiln.action.v1" (the SHA-256 of these bytes is the key):
//
//   kiln.action.v1\n
//   ir <field>\n          the IR's canonical digest (kiln.ir.v1, hex), or
//                         "raw:<hex SHA-256 of the source bytes>" for a
//                         lookup that skips parsing (kilnd's direct key)
//   target <field>\n      e.g. sm_90
//   emit <n>\n            then n lines "<field>\n", sorted, duplicates dropped
//   options <n>\n         then n lines "<field> <field>\n" (name, value),
//                         sorted by name
//   oracle <field>\n      the safety oracle mode
//   tools <n>\n           then n lines "<field> <field>\n" (tool, identity),
//                         sorted by tool
//   lowering <field>\n    the version of kiln's own lowering
//
// where <field> is "<decimal byte length>:<bytes>". Length prefixes make the
// encoding injective, so no choice of strings can make two different inputs
// collide short of a SHA-256 collision. Sets and maps are sorted, so the key
// does not depend on the order a client listed them in.
//
// Any change to what goes in, or how, must bump the version line: old keys
// then simply miss rather than alias new results.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "cache/digest.h"

namespace kiln::cache {

inline constexpr const char *kActionKeyVersion = "kiln.action.v1";

struct ActionKeyInput {
  std::string ir_digest;
  std::string target;
  std::vector<std::string> emit;
  std::map<std::string, std::string> options;
  std::string oracle_mode;
  std::map<std::string, std::string> tools;
  std::string lowering_version;
};

// The exact bytes hashed into the key (documented above).
std::string encodeActionKey(const ActionKeyInput &input);

Digest actionKey(const ActionKeyInput &input);

}  // namespace kiln::cache
