#pragma once

#include <chrono>
#include <functional>

namespace kiln::server {

struct SchedulerConfig {
  // A job not finished by then fails with kDeadline.
  std::chrono::milliseconds job_deadline{std::chrono::minutes(5)};
  // Attempts per job; each lost worker uses one.
  int max_attempts = 3;
  // A remote worker silent for heartbeat_period * missed_heartbeats is dropped.
  std::chrono::milliseconds heartbeat_period{std::chrono::seconds(2)};
  int missed_heartbeats = 3;
  // Jobs waiting for a worker; beyond it submit() refuses.
  std::size_t max_queued = 10'000;
  // Distinct (target, tools) questions profilesFor remembers the answer
  // to; beyond it they are forgotten at once. The questions come from
  // requests, so this bounds the memory a client can make kilnd spend.
  std::size_t max_profile_queries = 1'024;
  // The clock, replaceable in tests.
  std::function<std::chrono::steady_clock::time_point()> now = [] { return std::chrono::steady_clock::now(); };
};

}  // namespace kiln::server
