// Warm cache hits through the client library against a running kilnd:
// per-call latency (p50, p99) from one client, then hit throughput with N
// concurrent clients, each with its own channel; then the same for gRPC's
// own health check, the floor of any call to kilnd. Prints one JSON object.
//   service_bench --server ADDR --file K.mlir [--target sm_90] [--emit ptx,cubin]
//                 [--calls 2000] [--clients 8] [--seconds 5]
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

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

// The gRPC floor: grpc.health.v1.Health/Check, an empty unary call that
// kilnd's gRPC answers without touching kiln code.
class HealthFloor {
 public:
  explicit HealthFloor(const std::string &server)
      : channel_(grpc::CreateChannel(server, grpc::InsecureChannelCredentials())), stub_(channel_) {}
  bool call() {
    grpc::ClientContext context;
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false, ok = false;
    stub_.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                    [&](grpc::Status status) {
                      std::lock_guard lock(mutex);
                      ok = status.ok();
                      done = true;
                      cv.notify_one();
                    });
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return done; });
    return ok;
  }

 private:
  std::shared_ptr<grpc::Channel> channel_;
  grpc::GenericStub stub_;
};

struct Measured {
  double p50 = 0, p90 = 0, p99 = 0, throughput = 0;
  long failed = 0;
};

// Latency of `calls` sequential calls on one connection, then throughput
// of `clients` threads, each with its own connection, for `seconds`.
template <typename MakeCaller>
Measured measure(MakeCaller make, int calls, int clients, double seconds) {
  Measured m;
  auto caller = make();
  std::vector<double> us;
  for (int i = 0; i < calls; ++i) {
    auto start = Clock::now();
    if (!caller()) ++m.failed;
    us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  std::sort(us.begin(), us.end());
  auto pct = [&](double p) { return us[std::min(us.size() - 1, static_cast<std::size_t>(p * us.size()))]; };
  m.p50 = pct(0.5), m.p90 = pct(0.9), m.p99 = pct(0.99);
  std::atomic<long> done{0}, failed{0};
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int c = 0; c < clients; ++c)
    threads.emplace_back([&] {
      auto own = make();
      while (!stop) (own() ? done : failed)++;
    });
  auto start = Clock::now();
  std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  stop = true;
  for (auto &t : threads) t.join();
  m.throughput = static_cast<double>(done) / std::chrono::duration<double>(Clock::now() - start).count();
  m.failed += failed;
  return m;
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
  Measured hits = measure(
      [&] {
        auto own = std::make_shared<kiln::client::Client>(config);
        return [own, &spec] { return hit(*own, spec); };
      },
      calls, clients, seconds);
  Measured floor = measure(
      [&] {
        auto own = std::make_shared<HealthFloor>(server);
        return [own] { return own->call(); };
      },
      calls, clients, seconds);
  auto json = [](const Measured &m) {
    std::ostringstream out;
    out << "{\"p50_us\": " << m.p50 << ", \"p90_us\": " << m.p90 << ", \"p99_us\": " << m.p99
        << ", \"throughput_per_s\": " << m.throughput << ", \"failed\": " << m.failed << "}";
    return out.str();
  };
  std::cout << "{\"calls\": " << calls << ", \"clients\": " << clients << ", \"hits\": " << json(hits)
            << ", \"grpc_floor\": " << json(floor) << "}\n";
  return hits.failed || floor.failed ? 1 : 0;
}
