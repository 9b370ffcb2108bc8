#include "server/kilnd/connection_limits.h"

#include <sys/resource.h>

#include <algorithm>
#include <cstdint>

#include <grpcpp/resource_quota.h>
#include <grpcpp/server_builder.h>

namespace kiln::server {
namespace {

int ms(std::chrono::milliseconds d) {
  return static_cast<int>(std::clamp<std::int64_t>(d.count(), 0, INT32_MAX));
}

}  // namespace

void applyConnectionLimits(const ConnectionLimits &limits, grpc::ServerBuilder &builder) {
  // Only gRPC's own listener (TLS, unix:, --no-accept-loop) honours this:
  // connections handed over by descriptor skip its handshake manager, so
  // the accept loop enforces the same bound (accept_loop.h).
  builder.AddChannelArgument(GRPC_ARG_SERVER_HANDSHAKE_TIMEOUT_MS, std::max(1, ms(limits.handshake_timeout)));
  if (limits.idle_timeout.count() > 0)
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_IDLE_MS, ms(limits.idle_timeout));
  if (limits.max_age.count() > 0) {
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, ms(limits.max_age));
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS, ms(limits.max_age_grace));
  }
  if (limits.keepalive_time.count() > 0) {
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, ms(limits.keepalive_time));
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, std::max(1, ms(limits.keepalive_timeout)));
    // Pings without calls too: an idle worker link is exactly what must be
    // checked for a peer that is gone.
    builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  }
  if (limits.max_concurrent_streams > 0)
    builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, limits.max_concurrent_streams);
  if (limits.max_threads > 0) {
    grpc::ResourceQuota quota("kilnd");
    quota.SetMaxThreads(limits.max_threads);
    builder.SetResourceQuota(quota);
  }
}

std::string raiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return "unknown";
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return limit.rlim_cur == RLIM_INFINITY ? "unlimited" : std::to_string(limit.rlim_cur);
}

}  // namespace kiln::server
