// What kilnd's gRPC services share: configuration, cache, scheduler, auth,
// counters. Owned by KilnServer (server/kilnd/kiln_server.h).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <spdlog/logger.h>

#include "cache/artifact_cache.h"
#include "server/api/hot_results.h"
#include "server/api/quarantine.h"
#include "server/api/target_catalog.h"
#include "server/api/worker_arrivals.h"
#include "server/auth/client_limits.h"
#include "server/auth/token_auth.h"
#include "server/config/server_config.h"
#include "server/scheduler/scheduler.h"
#include "worker/pipeline/frontend.h"

namespace kiln::server {

struct ServiceState {
  ServerConfig config;
  std::unique_ptr<cache::ArtifactCache> cache;
  Scheduler scheduler;
  TokenAuth auth;
  ClientLimits limits;
  FrontendConfig frontend;
  HotResults hot;
  TargetCatalog targets;
  WorkerArrivals arrivals;
  Quarantine quarantine;
  std::shared_ptr<spdlog::logger> log;

  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::atomic<std::int64_t> hits{0}, misses{0};
  std::atomic<std::int64_t> second_opinions{0}, disagreements{0};
  std::atomic<std::uint64_t> next_request{1};
  std::atomic<bool> draining{false};

  explicit ServiceState(ServerConfig c)
      : config(std::move(c)),
        scheduler(config.scheduler),
        limits(config.max_in_flight_per_client),
        hot(static_cast<std::size_t>(config.hot_cache_bytes)) {}

  // "r-000001f4": short, unique per kilnd run, in every log line of a call.
  std::string newRequestId();
};

}  // namespace kiln::server
