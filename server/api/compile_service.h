// kiln.v1.Compiler: compile (answered from the cache when it can, else as a
// scheduled job), fetch by digest, status.
#pragma once

#include "kiln/v1/compiler.grpc.pb.h"
#include "server/api/service_state.h"

namespace kiln::server {

class CompileService final : public v1::Compiler::Service {
 public:
  explicit CompileService(ServiceState &state) : state_(state) {}

  grpc::Status Compile(grpc::ServerContext *context, const v1::CompileRequest *request,
                       grpc::ServerWriter<v1::CompileReply> *writer) override;
  grpc::Status Fetch(grpc::ServerContext *context, const v1::FetchRequest *request,
                     grpc::ServerWriter<v1::FetchReply> *writer) override;
  grpc::Status Status(grpc::ServerContext *context, const v1::StatusRequest *request,
                      v1::StatusReply *reply) override;

 private:
  ServiceState &state_;
};

}  // namespace kiln::server
