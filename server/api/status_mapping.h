// The gRPC status a client gets for a job that ended without a result.
#pragma once

#include <grpcpp/support/status.h>

#include "server/scheduler/job.h"

namespace kiln::server {

grpc::Status statusFor(const JobOutcome &outcome);

}  // namespace kiln::server
