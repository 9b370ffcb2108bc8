// Token files as kilnd reads them (server/auth/token_auth.h): one token per
// line, optionally after a name; '#' starts a comment line.
#pragma once

#include <optional>
#include <string>

namespace kiln {

// The first token in the file at `path`, or nothing with `error` set.
std::optional<std::string> readTokenFile(const std::string &path, std::string &error);

}  // namespace kiln
