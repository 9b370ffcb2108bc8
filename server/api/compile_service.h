// kiln.v1.Compiler: compile (answered from the cache when it can, else as a
// scheduled job), fetch by digest, status. Compile uses gRPC's callback API:
// a hit is answered on the thread that received it, with no handoff, and
// only a miss takes a thread of its own to wait for its job (compile_flow.h).
#pragma once

#include "kiln/v1/compiler.grpc.pb.h"
#include "server/api/service_state.h"

namespace kiln::server {

class CompileService final : public v1::Compiler::WithCallbackMethod_Compile<v1::Compiler::Service> {
 public:
  explicit CompileService(ServiceState &state) : state_(state) {}

  grpc::ServerWriteReactor<v1::CompileReply> *Compile(grpc::CallbackServerContext *context,
                                                     const v1::CompileRequest *request) override;
  grpc::Status Fetch(grpc::ServerContext *context, const v1::FetchRequest *request,
                     grpc::ServerWriter<v1::FetchReply> *writer) override;
  grpc::Status Status(grpc::ServerContext *context, const v1::StatusRequest *request,
                      v1::StatusReply *reply) override;

 private:
  ServiceState &state_;
};

}  // namespace kiln::server
