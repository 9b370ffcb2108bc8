// kilnd: the kiln compile server. With no configuration it serves on
// 127.0.0.1:7878 with an in-process worker and its cache under the data dir.
#include <csignal>
#include <fstream>
#include <iostream>

#include "server/config/server_flags.h"
#include "server/kilnd/connection_limits.h"
#include "server/kilnd/kiln_server.h"
#include "core/process_main.h"

#ifndef KILN_VERSION
#define KILN_VERSION "0.1.0"
#endif

int main(int argc, char **argv) {
  CLI::App app{"kilnd: the kiln compile server (cache, scheduler, workers)"};
  app.name("kilnd");
  app.set_version_flag("--version", KILN_VERSION);
  kiln::server::ServerFlags flags;
  kiln::server::addServerFlags(app, flags);
  app.footer(
      "Environment: each option also reads KILND_<OPTION> (e.g. KILND_LISTEN).\n"
      "Signals: SIGTERM or SIGINT drain jobs in flight, then stop.\n"
      "Exit status: 0 stopped cleanly, 1 could not start, 2 usage error.");
  if (std::optional<int> code = kiln::parseCommandLine(app, argc, argv)) return *code;
  kiln::server::finishServerFlags(flags);

  kiln::StopSignals stop_signals;  // before any thread starts
  // Every descriptor the operator allowed (the hard limit), not the
  // default soft 1024: each client connection holds one.
  std::cerr << "kilnd: descriptors: " << kiln::server::raiseFileLimit() << "\n";

  std::string error;
  std::unique_ptr<kiln::server::KilnServer> server = kiln::server::KilnServer::start(flags.config, error);
  if (!server) {
    std::cerr << "kilnd: error: " << error << "\n";
    return 1;
  }
  if (!flags.port_file.empty()) {
    std::string temp = flags.port_file + ".tmp";
    std::ofstream(temp) << server->port() << "\n";
    std::rename(temp.c_str(), flags.port_file.c_str());
  }
  int signal = stop_signals.wait();
  std::cerr << "kilnd: " << (signal == SIGTERM ? "SIGTERM" : "SIGINT") << ": draining and stopping\n";
  server->shutdown();
  return 0;
}
