#include "client/lib/kiln_client.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "core/token_file.h"
#include "kiln/v1/compiler.grpc.pb.h"
#include "proto/convert/artifact_chunks.h"
#include "proto/convert/artifact_names.h"

namespace kiln::client {
namespace {

const char *kCodeNames[] = {"OK",           "CANCELLED",          "UNKNOWN",      "INVALID_ARGUMENT",
                            "DEADLINE_EXCEEDED", "NOT_FOUND",     "ALREADY_EXISTS", "PERMISSION_DENIED",
                            "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE",
                            "UNIMPLEMENTED", "INTERNAL",          "UNAVAILABLE",  "DATA_LOSS",
                            "UNAUTHENTICATED"};

ClientError toError(const grpc::Status &status) { return {status.error_code(), status.error_message()}; }

}  // namespace

bool ClientError::serviceProblem() const {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::UNAUTHENTICATED;
}

std::string ClientError::codeName() const {
  return code >= 0 && code <= 16 ? kCodeNames[code] : "code " + std::to_string(code);
}

ClientConfig clientConfigFromEnvironment(std::string &error) {
  ClientConfig config;
  if (const char *server = std::getenv("KILN_SERVER"); server && *server) config.server = server;
  if (const char *file = std::getenv("KILN_TOKEN_FILE"); file && *file) {
    if (std::optional<std::string> token = readTokenFile(file, error)) config.token = *token;
  }
  return config;
}

struct Client::Channel {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<v1::Compiler::Stub> stub;
};

Client::Client(ClientConfig config) : config_(std::move(config)), channel_(std::make_unique<Channel>()) {
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!config_.tls_ca_file.empty()) {
    grpc::SslCredentialsOptions tls;
    std::ifstream in(config_.tls_ca_file);
    std::stringstream pem;
    pem << in.rdbuf();
    tls.pem_root_certs = pem.str();
    credentials = grpc::SslCredentials(tls);
  }
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(64 << 20);
  channel_->channel = grpc::CreateCustomChannel(config_.server, credentials, arguments);
  channel_->stub = v1::Compiler::NewStub(channel_->channel);
}

Client::~Client() = default;

// Runs `call` with a fresh context until it is answered or attempts run out;
// only UNAVAILABLE is retried.
template <typename T, typename Call>
static Result<T> withRetries(const ClientConfig &config, Call call) {
  auto backoff = config.initial_backoff;
  for (int attempt = 1;; ++attempt) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + config.timeout);
    if (!config.token.empty()) context.AddMetadata("authorization", "Bearer " + config.token);
    T out;
    grpc::Status status = call(context, out);
    if (status.ok()) return out;
    if (status.error_code() != grpc::StatusCode::UNAVAILABLE || attempt >= config.max_attempts) {
      ClientError error = toError(status);
      if (status.error_code() == grpc::StatusCode::UNAVAILABLE)
        error.message = "kilnd at " + config.server + " is unavailable (" + status.error_message() + ")";
      return error;
    }
    std::this_thread::sleep_for(backoff);
    backoff *= 2;
  }
}

Result<CompileOutput> Client::compile(const v1::CompileSpec &spec) {
  v1::CompileRequest request;
  *request.mutable_spec() = spec;
  return withRetries<CompileOutput>(config_, [&](grpc::ClientContext &context, CompileOutput &out) {
    auto reader = channel_->stub->Compile(&context, request);
    v1::CompileReply reply;
    std::optional<wire::ResultAssembler> bytes;
    std::string error;
    auto dataLoss = [&](const std::string &what) {
      context.TryCancel();
      return grpc::Status(grpc::StatusCode::DATA_LOSS, "kilnd sent " + what);
    };
    while (reader->Read(&reply)) {
      if (reply.has_summary() && !bytes) {
        out.summary = std::move(*reply.mutable_summary());
        bytes = wire::ResultAssembler::begin(out.summary.artifacts(), config_.max_result_bytes, error);
        if (!bytes) return dataLoss("a result this client refuses: " + error);
        // Names become paths under the caller's output folder: whatever
        // kilnd says, only plain file names of known kinds get through.
        for (const v1::ArtifactInfo &a : out.summary.artifacts()) {
          if (std::string problem = wire::artifactNameProblem(a.name()); !problem.empty())
            return dataLoss("a result this client refuses: " + problem);
          if (!wire::isArtifactKind(a.kind()))
            return dataLoss("a result this client refuses: artifact " + wire::quotedName(a.name()) +
                            " has an unknown kind " + wire::quotedName(a.kind()));
        }
      }
      if (!bytes && reply.chunks_size() > 0) return dataLoss("artifact bytes before the summary");
      for (const v1::ArtifactChunk &chunk : reply.chunks())
        if (!bytes->add(chunk, error)) return dataLoss("a broken artifact stream: " + error);
    }
    grpc::Status status = reader->Finish();
    // gRPC's own cap (far above kilnd's limit, core/wire_limits.h) speaks
    // in raw numbers; say which limit it is and how to raise it.
    if (status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED &&
        status.error_message().find("larger than max") != std::string::npos)
      return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                          "the IR is " + std::to_string(spec.ir().size()) +
                              " bytes, far over what kilnd accepts (--max-request-bytes: raise it on kilnd, and on "
                              "kiln compile to match; gRPC said: " + status.error_message() + ")");
    if (!status.ok()) return status;
    if (!bytes) return grpc::Status(grpc::StatusCode::DATA_LOSS, "kilnd ended the compile without a summary");
    std::optional<std::vector<std::string>> artifacts = bytes->finish(error, wire::ResultAssembler::Digests::kTrustSender);
    if (!artifacts) return grpc::Status(grpc::StatusCode::DATA_LOSS, "kilnd sent " + error);
    out.artifacts = std::move(*artifacts);
    return status;
  });
}

Result<std::string> Client::fetch(const std::string &digest) {
  v1::FetchRequest request;
  request.set_digest(digest);
  return withRetries<std::string>(config_, [&](grpc::ClientContext &context, std::string &out) {
    auto reader = channel_->stub->Fetch(&context, request);
    v1::FetchReply reply;
    while (reader->Read(&reply)) {
      if (reply.offset() != static_cast<std::int64_t>(out.size())) {
        context.TryCancel();
        return grpc::Status(grpc::StatusCode::DATA_LOSS, "kilnd sent a chunk out of order");
      }
      out += reply.data();
    }
    return reader->Finish();
  });
}

Result<v1::StatusReply> Client::status() {
  return withRetries<v1::StatusReply>(config_, [&](grpc::ClientContext &context, v1::StatusReply &out) {
    return channel_->stub->Status(&context, v1::StatusRequest(), &out);
  });
}

}  // namespace kiln::client
