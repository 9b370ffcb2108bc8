// Bearer tokens for the two kinds of caller. Clients and workers have
// separate token files, so a client token can never open the worker stream
// that writes the cache.
//
// A token file holds one token per line, optionally preceded by a name
// ("ci-farm 3f9a..."); blank lines and lines starting with '#' are skipped.
// Names appear in logs and per-client limits; tokens never do. Tokens are
// kept only as SHA-256 digests.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <grpcpp/server_context.h>

namespace kiln::server {

enum class Role { kClient, kWorker };

struct Caller {
  std::string name;  // the token's name, or "anonymous" with the peer address
};

struct AuthResult {
  std::optional<Caller> caller;
  std::string error;  // why not, for the status message and the log
};

class TokenAuth {
 public:
  // No file: clients need no token (the embedded default on 127.0.0.1),
  // and no remote worker is accepted.
  struct Files {
    std::string client_tokens;
    std::string worker_tokens;
  };
  // Empty error on success.
  static std::string load(const Files &files, TokenAuth &out);

  AuthResult authenticate(const grpc::ServerContextBase &context, Role role) const;
  AuthResult check(std::string_view authorization, Role role, std::string_view peer) const;
  bool clientsNeedTokens() const { return !client_tokens_.empty(); }

 private:
  std::map<std::string, std::string> client_tokens_;  // sha256 hex -> name
  std::map<std::string, std::string> worker_tokens_;
};

}  // namespace kiln::server
