// kilnd's command line: every ServerConfig field as a flag, an environment
// variable (KILND_<NAME>) and a key of the TOML file given with --config
// (the flag's long name, e.g. `listen = "0.0.0.0:7878"`). Flags win over
// the environment, which wins over the file.
#pragma once

#include <CLI/CLI.hpp>

#include "server/config/server_config.h"

namespace kiln::server {

struct ServerFlags {
  ServerConfig config;
  std::string port_file;  // written with the bound port once kilnd serves
  bool no_local_worker = false;
  bool no_accept_loop = false;
  double drain_timeout_s = 30;
  double job_deadline_s = 300;
  double heartbeat_s = 2;
  double worker_wait_s = 3;
  double handshake_timeout_s = 10;
  double idle_timeout_s = 300;
  double max_connection_age_s = 0;
  double keepalive_s = 60;
  double cache_max_age_days = 30;
};

void addServerFlags(CLI::App &app, ServerFlags &flags);
// Copies the flag-only fields (seconds, negations) into flags.config.
void finishServerFlags(ServerFlags &flags);

}  // namespace kiln::server
