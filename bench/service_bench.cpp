// Warm cache hits through the client library against a running kilnd:
// per-call latency (p50, p99) from one client, then hit throughput with N
// concurrent clients, each with its own channel. Prints one JSON object.
//   service_bench --server ADDR --file K.mlir [--target sm_90] [--emit ptx,cubin]
//                 [--calls 2000] [--clients 8] [--seconds 5]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "client/lib/kiln_client.h"

namespace {

using Clock = std::chrono::steady_clock;

kiln::v1::Emit emitFrom(const std::string &name) {
  if (name == "ptx") return kiln::v1::EMIT_PTX;
  if (name == "cubin") return kiln::v1::EMIT_CUBIN;
  if (name == "cuda") return kiln::v1::EMIT_CUDA;
  return kiln::v1::EMIT_FATBIN;
}

bool hit(kiln::client::Client &client, const kiln::v1::CompileSpec &spec) {
  auto out = client.compile(spec);
  auto *compiled = std::get_if<kiln::client::CompileOutput>(&out);
  return compiled && compiled->summary.ok() && compiled->summary.cache_hit();
}

}  // namespace

int main(int argc, char **argv) {
  CLI::App app{"service_bench: kilnd warm-hit latency and throughput through the client library"};
  std::string server, file, target = "sm_90";
  std::vector<std::string> emit = {"ptx", "cubin"};
  int calls = 2000, clients = 8;
  double seconds = 5;
  app.add_option("--server", server)->required();
  app.add_option("--file", file)->required();
  app.add_option("--target", target);
  app.add_option("--emit", emit)->delimiter(',');
  app.add_option("--calls", calls);
  app.add_option("--clients", clients);
  app.add_option("--seconds", seconds);
  CLI11_PARSE(app, argc, argv);

  std::ifstream in(file);
  std::stringstream text;
  text << in.rdbuf();
  kiln::v1::CompileSpec spec;
  spec.set_ir(text.str());
  spec.set_source_name(file.substr(file.rfind('/') + 1));
  spec.set_target(target);
  for (const std::string &e : emit) spec.add_emit(emitFrom(e));

  kiln::client::ClientConfig config;
  config.server = server;
  kiln::client::Client client(config);
  // Warm: the first call may compile; the next must hit.
  client.compile(spec);
  if (!hit(client, spec)) {
    std::cerr << "service_bench: the second compile was not a cache hit\n";
    return 1;
  }
  std::vector<double> us;
  us.reserve(calls);
  for (int i = 0; i < calls; ++i) {
    auto start = Clock::now();
    if (!hit(client, spec)) {
      std::cerr << "service_bench: a warm call missed\n";
      return 1;
    }
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[std::min(us.size() - 1, static_cast<std::size_t>(p * us.size()))]; };

  std::atomic<long> done{0}, failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&] {
      kiln::client::Client own(config);
      while (!stop) (hit(own, spec) ? done : failed)++;
    });
  auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto &t : threads) t.join();
  double elapsed = std::chrono::duration<double>(Clock::now() - start).count();

  std::cout << "{\"calls\": " << calls << ", \"p50_us\": " << pct(0.50) << ", \"p90_us\": " << pct(0.90)
            << ", \"p99_us\": " << pct(0.99) << ", \"clients\": " << clients << ", \"throughput_per_s\": "
            << static_cast<double>(done) / elapsed << ", \"failed\": " << failed << "}\n";
  return failed ? 1 : 0;
}
