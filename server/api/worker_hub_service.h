// kiln.v1.WorkerHub: remote workers' long-lived streams. Each stream becomes
// a WorkerLink in the scheduler for as long as it stays open; results that
// come back on it are the only way anything outside kilnd writes the cache.
#pragma once

#include "kiln/v1/worker.grpc.pb.h"
#include "server/api/service_state.h"

namespace kiln::server {

class WorkerHubService final : public v1::WorkerHub::Service {
 public:
  explicit WorkerHubService(ServiceState &state) : state_(state) {}

  grpc::Status Connect(grpc::ServerContext *context,
                       grpc::ServerReaderWriter<v1::HubMessage, v1::WorkerMessage> *stream) override;

 private:
  ServiceState &state_;
};

// The scheduler's view of a worker from its Hello.
WorkerInfo workerInfoFrom(const v1::Capabilities &capabilities);

}  // namespace kiln::server
