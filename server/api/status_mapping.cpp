#include "server/api/status_mapping.h"

namespace kiln::server {

grpc::Status statusFor(const JobOutcome &outcome) {
  switch (outcome.failure) {
    case JobFailure::kNone: return grpc::Status::OK;
    case JobFailure::kDeadline: return {grpc::StatusCode::DEADLINE_EXCEEDED, outcome.failure_message};
    case JobFailure::kWorkersLost: return {grpc::StatusCode::ABORTED, outcome.failure_message};
    case JobFailure::kNoWorker: return {grpc::StatusCode::FAILED_PRECONDITION, outcome.failure_message};
    case JobFailure::kCancelled: return {grpc::StatusCode::CANCELLED, outcome.failure_message};
    case JobFailure::kOverloaded: return {grpc::StatusCode::RESOURCE_EXHAUSTED, outcome.failure_message};
    case JobFailure::kShuttingDown: return {grpc::StatusCode::UNAVAILABLE, outcome.failure_message};
  }
  return {grpc::StatusCode::INTERNAL, outcome.failure_message};
}

}  // namespace kiln::server
