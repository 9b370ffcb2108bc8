// Bearer tokens for the two kinds of caller. Clients and workers have
// separate token files, so a client token can never open the worker stream
// that writes the cache.
//
// A token file holds one token per line, optionally preceded by a name
// ("ci-farm 3f9a..."); blank lines and lines starting with '#' are skipped.
// A worker token may end with "trusted" (the default) or "untrusted": an
// untrusted worker's results are cached only when a second worker's agree
// (server/api/second_opinion.h).
// Names appear in logs and per-client limits; tokens never do. Tokens are
// kept only as SHA-256 digests.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include <grpcpp/server_context.h>

namespace kiln::server {

enum class Role { kClient, kWorker };

// The name of the token kilnd gives its own local worker child. A token
// file may not use it, so no remote worker can pass for the local one.
inline constexpr const char *kLocalWorkerName = "kilnd-local-worker";

struct Caller {
  std::string name;  // the token's name, or "anonymous" with the peer address
  bool trusted = true;  // workers: whether the token says its results need no second opinion
};

struct TokenEntry {
  std::string name;
  bool trusted = true;
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

  // The token kilnd made for its own local worker child (never in a file
  // an operator writes); a worker showing it is kLocalWorkerName.
  void setLocalWorkerToken(std::string_view token);

  // Connections kilnd accepts itself reach gRPC by descriptor, and gRPC
  // names their peer "fd:<n>"; this gives the address back, so anonymous
  // clients are still limited per host. Set before the first call.
  void setPeerResolver(std::function<std::string(const std::string &)> resolve) { resolve_peer_ = std::move(resolve); }

  AuthResult authenticate(const grpc::ServerContextBase &context, Role role) const;
  AuthResult check(std::string_view authorization, Role role, std::string_view peer) const;
  bool clientsNeedTokens() const { return !client_tokens_.empty(); }

 private:
  std::map<std::string, TokenEntry> client_tokens_;  // sha256 hex -> name
  std::map<std::string, TokenEntry> worker_tokens_;
  std::string local_worker_token_;  // sha256 hex; empty without a local worker
  std::function<std::string(const std::string &)> resolve_peer_;
};

}  // namespace kiln::server
