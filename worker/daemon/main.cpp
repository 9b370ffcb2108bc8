// kiln-worker: a compile worker that dials kilnd and runs its jobs with the
// toolchains found on this machine.
#include <csignal>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>

#include "client/lib/token_file.h"
#include "worker/daemon/worker_session.h"

#ifndef KILN_VERSION
#define KILN_VERSION "0.1.0"
#endif

int main(int argc, char **argv) {
  CLI::App app{"kiln-worker: runs kiln compile jobs for a kilnd"};
  app.name("kiln-worker");
  app.set_version_flag("--version", KILN_VERSION);
  kiln::worker::WorkerConfig config;
  std::string token_file;
  std::vector<std::string> targets;
  std::string nvcc, ptxas;
  bool json = false;
  app.add_option("--server", config.server, "kilnd address")->envname("KILN_SERVER")->capture_default_str();
  app.add_option("--token-file", token_file, "File holding this worker's token")->envname("KILN_WORKER_TOKEN_FILE")->required();
  app.add_option("--slots", config.slots, "Jobs run at once (0: one per core)")->capture_default_str();
  app.add_option("--id", config.id, "Name shown in kilnd's status (default: host-pid)");
  app.add_option("--targets", targets, "Serve only these targets (default: every target kiln knows)")->delimiter(',');
  app.add_option("--nvcc", nvcc, "The nvcc to use, file or folder (default: search CUDA_HOME, PATH, /usr/local/cuda)");
  app.add_option("--ptxas", ptxas, "The ptxas to use, file or folder (default: search as for nvcc)");
  app.add_option("--tls-ca", config.tls_ca_file, "PEM CA to verify kilnd's certificate: connect with TLS");
  app.add_option("--tls-cert", config.tls_cert_file, "PEM certificate to present to kilnd (mTLS)");
  app.add_option("--tls-key", config.tls_key_file, "PEM key for --tls-cert");
  app.add_flag("--json", json, "Print the discovered capabilities as JSON and exit");
  app.footer("Exit status: 0 stopped by SIGTERM/SIGINT, 1 setup failed, 2 usage error, 3 kilnd refused the token.");
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp &e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion &e) {
    return app.exit(e);
  } catch (const CLI::ParseError &e) {
    app.exit(e);
    return 2;
  }
  std::string error;
  std::optional<std::string> token = kiln::client::readTokenFile(token_file, error);
  if (!token) {
    std::cerr << "kiln-worker: error: " << error << "\n";
    return 1;
  }
  config.token = *token;
  config.only_targets.insert(targets.begin(), targets.end());

  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  kiln::CompileConfig compile_config;
  compile_config.nvcc.path_override = nvcc;
  compile_config.ptxas.path_override = ptxas;
  auto environment =
      std::make_shared<const kiln::CompileEnvironment>(kiln::CompileEnvironment::discover(compile_config));
  kiln::worker::WorkerCapabilities capabilities = kiln::worker::discoverCapabilities(*environment, config.only_targets);
  if (json) {
    std::cout << "{\"targets\": [";
    bool first = true;
    for (const auto &t : capabilities.targets) std::cout << (first ? "" : ", ") << "\"" << t << "\"", first = false;
    std::cout << "], \"tools\": {";
    first = true;
    for (const auto &[name, identity] : capabilities.profile.tools)
      std::cout << (first ? "" : ", ") << "\"" << name << "\": \"" << identity << "\"", first = false;
    std::cout << "}, \"lowering\": \"" << capabilities.profile.lowering << "\"}\n";
    return 0;
  }
  if (capabilities.targets.empty()) {
    std::cerr << "kiln-worker: error: --targets leaves no target kiln knows\n";
    return 2;
  }
  for (const auto &d : environment->ptxasMissing()) std::cerr << "kiln-worker: note: " << d.message << "\n";
  for (const auto &d : environment->nvccMissing()) std::cerr << "kiln-worker: note: " << d.message << "\n";

  kiln::worker::WorkerSession session(config, environment, capabilities);
  std::thread signals([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    session.stop();
  });
  kiln::worker::SessionEnd end = session.run([](const std::string &line) { std::cerr << "kiln-worker: " << line << "\n"; });
  if (end != kiln::worker::SessionEnd::kStopped) {
    // Wake the signal thread so the process can exit.
    kill(getpid(), SIGTERM);
  }
  signals.join();
  switch (end) {
    case kiln::worker::SessionEnd::kStopped: return 0;
    case kiln::worker::SessionEnd::kUnauthenticated: return 3;
    default: return 1;
  }
}
