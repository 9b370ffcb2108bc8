// Applies ServerConfig::connections (server_config.h) to a gRPC server
// being built, and raises kilnd's descriptor limit at start.
#pragma once

#include <string>

#include "server/config/server_config.h"

namespace grpc {
class ServerBuilder;
}

namespace kiln::server {

// Applies `limits` to the server being built.
void applyConnectionLimits(const ConnectionLimits &limits, grpc::ServerBuilder &builder);

// Raises this process's soft RLIMIT_NOFILE to its hard limit, so the
// descriptors an operator allowed are all usable; what it is now, for the log.
std::string raiseFileLimit();

}  // namespace kiln::server
