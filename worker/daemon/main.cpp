// kiln-worker: a compile worker that dials kilnd and runs its jobs with the
// toolchains found on this machine.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "core/token_file.h"
#include "core/process_main.h"
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
  std::string nvcc, ptxas, bisheng, ptoas, ascend_device_spec;
  bool json = false;
  app.add_option("--server", config.server, "kilnd address")->envname("KILN_SERVER")->capture_default_str();
  app.add_option("--token-file", token_file, "File holding this worker's token (required unless --json)")
      ->envname("KILN_WORKER_TOKEN_FILE");
  app.add_option("--slots", config.slots, "Jobs run at once (0: one per core)")->capture_default_str();
  app.add_option("--id", config.id, "Name shown in kilnd's status (default: host-pid)");
  app.add_option("--targets", targets, "Serve only these targets (default: every target kiln knows)")->delimiter(',');
  app.add_option("--nvcc", nvcc, "The nvcc to use, file or folder (default: search CUDA_HOME, PATH, /usr/local/cuda)");
  app.add_option("--ptxas", ptxas, "The ptxas to use, file or folder (default: search as for nvcc)");
  app.add_option("--bisheng", bisheng,
                 "CANN's bisheng, file or folder (default: search ASCEND_HOME_PATH, ASCEND_TOOLKIT_HOME, PATH)");
  app.add_option("--ptoas", ptoas, "PTOAS's ptoas, file or folder (default: search PTOAS_HOME, the CANN home, PATH)");
  app.add_option("--ascend-device-spec", ascend_device_spec,
                 "JSON file overriding Ascend device numbers, e.g. {\"ascend910b2\": {\"ub\": 196608}}")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-ca", config.tls_ca_file, "PEM CA to verify kilnd's certificate: connect with TLS");
  app.add_option("--tls-cert", config.tls_cert_file, "PEM certificate to present to kilnd (mTLS)");
  app.add_option("--tls-key", config.tls_key_file, "PEM key for --tls-cert");
  std::int64_t job_memory_mib = config.job_limits.memory_bytes >> 20;
  double job_wall_s = static_cast<double>(config.job_limits.wall.count()) / 1000.0;
  app.add_option("--job-memory-mib", job_memory_mib, "Address space each job child may use, MiB (0: no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--job-cpu-seconds", config.job_limits.cpu_seconds, "CPU seconds each job child may use (0: no limit)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  app.add_option("--job-wall-seconds", job_wall_s, "Wall-clock seconds a job may take; kilnd's deadline can shorten it")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_flag("--json", json, "Print the capabilities toolchain discovery found, as JSON, and exit");
  app.footer("Exit status: 0 stopped by SIGTERM/SIGINT, 1 setup failed, 2 usage error, 3 kilnd refused the token.");
  if (std::optional<int> code = kiln::parseCommandLine(app, argc, argv)) return *code;
  if (!json) {
    if (token_file.empty()) {
      std::cerr << "kiln-worker: error: --token-file is required\nRun with --help for more information.\n";
      return 2;
    }
    std::string error;
    std::optional<std::string> token = kiln::readTokenFile(token_file, error);
    if (!token) {
      std::cerr << "kiln-worker: error: " << error << "\n";
      return 1;
    }
    config.token = *token;
  }
  config.only_targets.insert(targets.begin(), targets.end());
  config.job_limits.memory_bytes = job_memory_mib << 20;
  config.job_limits.wall = std::chrono::milliseconds(static_cast<std::int64_t>(job_wall_s * 1000));

  kiln::StopSignals stop_signals;  // before any thread starts

  kiln::BackendsConfig backends_config;
  backends_config.nvidia.nvcc.path_override = nvcc;
  backends_config.nvidia.ptxas.path_override = ptxas;
  backends_config.ascend.bisheng.path_override = bisheng;
  backends_config.ascend.ptoas.path_override = ptoas;
  if (!ascend_device_spec.empty()) {
    std::ifstream in(ascend_device_spec);
    std::stringstream text;
    text << in.rdbuf();
    backends_config.ascend.device_overrides_json = text.str();
  }
  // The worker's own token is the one secret a hostile kernel's tools
  // could echo back: its folder is hidden from every tool, wherever it is.
  if (!token_file.empty()) {
    std::error_code ec;
    std::filesystem::path folder = std::filesystem::absolute(token_file, ec).parent_path();
    if (!ec && !folder.empty() && folder != "/")
      for (kiln::toolchain::ToolConfig *tool : {&backends_config.nvidia.nvcc, &backends_config.nvidia.ptxas,
                                                  &backends_config.ascend.bisheng, &backends_config.ascend.ptoas})
        tool->sandbox.masked_paths.push_back(folder.string());
  }
  auto backends = std::make_shared<const kiln::WorkerBackends>(kiln::WorkerBackends::discover(backends_config));
  kiln::worker::WorkerCapabilities capabilities = kiln::worker::discoverCapabilities(*backends, config.only_targets);
  if (json) {
    nlohmann::json routes = nlohmann::json::array();
    for (const kiln::EmitRoute &r : capabilities.routes)
      routes.push_back({{"via", kiln::compilePathName(r.via)}, {"emit", kiln::emitName(r.emit)}, {"tools", r.tools}});
    nlohmann::json out = {{"targets", capabilities.targets},
                          {"known_targets", capabilities.known_targets},
                          {"routes", routes},
                          {"tools", capabilities.profile.tools},
                          {"settings", capabilities.profile.settings},
                          {"lowering", capabilities.profile.lowering}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  if (capabilities.targets.empty()) {
    std::cerr << "kiln-worker: error: --targets leaves no target kiln knows\n";
    return 2;
  }
  for (const auto &d : backends->missingTools()) std::cerr << "kiln-worker: note: " << d.message << "\n";

  kiln::worker::WorkerSession session(config, backends, capabilities);
  std::thread signals([&] {
    stop_signals.wait();
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
