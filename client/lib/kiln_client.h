// The C++ client library for kilnd (target kiln_client): what the kiln CLI
// uses, and what other tools build on: the C ABI (client/capi/kiln.h) is made of it.
// No MLIR, no kiln internals: only the kiln.v1 messages. Artifact streams
// are bounded and checked for order and size, and every artifact name must
// be a plain file name of a known kind (artifact_names.h), before a
// CompileOutput is returned (else DATA_LOSS); digests are kilnd's to check
// (artifact_chunks.h says why).
//
//   kiln::client::Client client(config);
//   auto out = client.compile(spec);
//   if (auto *error = std::get_if<kiln::client::ClientError>(&out)) ...
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "client/lib/client_config.h"
#include "kiln/v1/compiler.pb.h"

namespace kiln::client {

// A call that got no answer: the gRPC status code and kilnd's message,
// which is written to be shown to a user as it is.
struct ClientError {
  int code = 0;  // grpc::StatusCode
  std::string message;
  // UNAVAILABLE or UNAUTHENTICATED: the service, not the request, is the problem.
  bool serviceProblem() const;
  std::string codeName() const;  // "UNAVAILABLE"
};

template <typename T>
using Result = std::variant<T, ClientError>;

struct CompileOutput {
  v1::CompileSummary summary;
  std::vector<std::string> artifacts;  // bytes, in summary.artifacts() order
};

class Client {
 public:
  explicit Client(ClientConfig config);
  ~Client();
  Client(const Client &) = delete;
  Client &operator=(const Client &) = delete;

  // A compile that ran and failed is a CompileOutput with summary.ok() false.
  Result<CompileOutput> compile(const v1::CompileSpec &spec);
  Result<std::string> fetch(const std::string &digest);
  Result<v1::StatusReply> status();

  const ClientConfig &config() const { return config_; }

 private:
  struct Channel;
  ClientConfig config_;
  std::unique_ptr<Channel> channel_;
};

}  // namespace kiln::client
