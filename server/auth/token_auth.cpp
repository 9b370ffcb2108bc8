#include "server/auth/token_auth.h"

#include <fstream>
#include <sstream>

#include "cache/digest.h"

namespace kiln::server {
namespace {

std::string trim(std::string s) {
  auto not_space = [](unsigned char c) { return !std::isspace(c); };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

// name -> token lines of a token file; empty error on success.
std::string parseTokenFile(const std::string &path, std::map<std::string, TokenEntry> &digests, bool workers) {
  std::ifstream in(path);
  if (!in) return "cannot read token file " + path;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    std::string name, token, trust, extra;
    std::istringstream fields(line);
    fields >> name >> token >> trust >> extra;
    const std::string where = path + ":" + std::to_string(number) + ": ";
    if (!extra.empty()) return where + "expected NAME TOKEN [trusted|untrusted], found more";
    if (!trust.empty() && (!workers || (trust != "trusted" && trust != "untrusted")))
      return where + (workers ? "the third field must be 'trusted' or 'untrusted', not '" + trust + "'"
                              : std::string("client tokens take no third field"));
    if (token.empty()) {
      token = name;
      name = "token-" + std::to_string(number);
    }
    if (token.size() < 16) return path + ":" + std::to_string(number) + ": token is shorter than 16 characters";
    if (name == kLocalWorkerName)
      return path + ":" + std::to_string(number) + ": the name " + name + " is kilnd's own local worker's";
    digests[cache::Digest::of(token).hex()] = TokenEntry{name, trust != "untrusted"};
  }
  if (digests.empty()) return path + ": no token in the file";
  return {};
}

}  // namespace

std::string TokenAuth::load(const Files &files, TokenAuth &out) {
  out = TokenAuth();
  if (!files.client_tokens.empty())
    if (std::string error = parseTokenFile(files.client_tokens, out.client_tokens_, false); !error.empty())
      return error;
  if (!files.worker_tokens.empty())
    if (std::string error = parseTokenFile(files.worker_tokens, out.worker_tokens_, true); !error.empty())
      return error;
  return {};
}

void TokenAuth::setLocalWorkerToken(std::string_view token) { local_worker_token_ = cache::Digest::of(token).hex(); }

AuthResult TokenAuth::authenticate(const grpc::ServerContextBase &context, Role role) const {
  std::string_view authorization;
  auto it = context.client_metadata().find("authorization");
  if (it != context.client_metadata().end()) authorization = std::string_view(it->second.data(), it->second.size());
  return check(authorization, role, resolve_peer_ ? resolve_peer_(context.peer()) : context.peer());
}

AuthResult TokenAuth::check(std::string_view authorization, Role role, std::string_view peer) const {
  const auto &tokens = role == Role::kClient ? client_tokens_ : worker_tokens_;
  AuthResult out;
  constexpr std::string_view kBearer = "Bearer ";
  if (role == Role::kWorker && !local_worker_token_.empty() && authorization.substr(0, kBearer.size()) == kBearer &&
      cache::Digest::of(authorization.substr(kBearer.size())).hex() == local_worker_token_) {
    out.caller = Caller{kLocalWorkerName};
    return out;
  }
  if (tokens.empty()) {
    if (role == Role::kWorker) {
      out.error = "this kilnd accepts no remote workers: it has no worker token file (--worker-tokens)";
      return out;
    }
    // The peer without its port: one limit per client host.
    std::string host(peer.substr(0, peer.rfind(':')));
    out.caller = Caller{"anonymous@" + host};
    return out;
  }
  if (authorization.substr(0, kBearer.size()) != kBearer) {
    out.error = std::string("missing ") + (role == Role::kClient ? "client" : "worker") +
                " token (metadata \"authorization: Bearer <token>\")";
    return out;
  }
  auto found = tokens.find(cache::Digest::of(authorization.substr(kBearer.size())).hex());
  if (found == tokens.end()) {
    out.error = std::string("the ") + (role == Role::kClient ? "client" : "worker") + " token is not valid";
    return out;
  }
  out.caller = Caller{found->second.name, found->second.trusted};
  return out;
}

}  // namespace kiln::server
