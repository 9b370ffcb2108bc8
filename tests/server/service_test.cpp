// kilnd end to end on 127.0.0.1: an in-process KilnServer, real kiln-worker
// processes and the client library. Every wait is bounded.
#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include "cache/digest.h"
#include "client/lib/kiln_client.h"
#include "server/api/service_state.h"
#include "server/kilnd/kiln_server.h"
#include "tests/server/child_process.h"
#include "tests/server/service_fixture.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

TEST_F(ServiceTest, RoutesJobsToWorkersWithTheRightCapabilities) {
  if (!haveCuda()) GTEST_SKIP() << "needs nvcc and ptxas under /usr/local/cuda/bin for the three worker kinds";
  start(config(false));
  startWorker("ptx-only", {"--ptxas", "/nonexistent", "--nvcc", "/nonexistent"});
  startWorker("ptxas-sm80-90", {"--nvcc", "/nonexistent", "--targets", "sm_80,sm_90"});
  startWorker("nvcc-only", {"--ptxas", "/nonexistent", "--targets", "sm_80,sm_90,sm_120"});
  awaitWorkers(3);
  client::Client client(clientConfig());
  fs::path gemm = example("gemm");

  auto cubin = client.compile(spec(gemm, "sm_90", {v1::EMIT_CUBIN}));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(cubin)) << std::get<client::ClientError>(cubin).message;
  EXPECT_TRUE(std::get<client::CompileOutput>(cubin).summary.ok());
  EXPECT_EQ(std::get<client::CompileOutput>(cubin).summary.worker(), "ptxas-sm80-90");

  auto fatbin = client.compile(spec(gemm, "sm_90", {v1::EMIT_FATBIN}, v1::COMPILE_PATH_NVCC));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(fatbin)) << std::get<client::ClientError>(fatbin).message;
  EXPECT_EQ(std::get<client::CompileOutput>(fatbin).summary.worker(), "nvcc-only");

  auto ptx = client.compile(spec(gemm, "sm_75", {v1::EMIT_PTX}));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(ptx));
  EXPECT_EQ(std::get<client::CompileOutput>(ptx).summary.worker(), "ptx-only");  // the only one serving sm_75

  // Nobody has ptxas for sm_120: a clear refusal at once, naming what is missing.
  auto started = std::chrono::steady_clock::now();
  auto refused = client.compile(spec(gemm, "sm_120", {v1::EMIT_CUBIN}));
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(refused));
  const client::ClientError &error = std::get<client::ClientError>(refused);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(error.codeName(), "FAILED_PRECONDITION");
  EXPECT_NE(error.message.find("no connected worker can compile for sm_120 with libdevice, llvm, ptxas"),
            std::string::npos) << error.message;
  EXPECT_NE(error.message.find("ptxas-sm80-90 (does not serve sm_120"), std::string::npos) << error.message;
}

TEST_F(ServiceTest, AscendSourceEmitsNeedNoVendorToolAndBinaryEmitsAreRefusedNamingTheSearch) {
  start(config(false));
  // A worker without bisheng or ptoas, whatever this machine has.
  startWorker("no-cann", {"--bisheng", "/nonexistent/cann", "--ptoas", "/nonexistent/ptoas"});
  awaitWorkers(1);
  client::Client client(clientConfig());
  auto sources = client.compile(spec(example("softmax_rows"), "ascend910b2", {v1::EMIT_ASCENDC, v1::EMIT_PTO}));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(sources))
      << std::get<client::ClientError>(sources).message;
  const client::CompileOutput &out = std::get<client::CompileOutput>(sources);
  ASSERT_TRUE(out.summary.ok());
  std::set<std::string> names;
  for (const auto &a : out.summary.artifacts()) names.insert(a.name());
  EXPECT_EQ(names, (std::set<std::string>{"softmax_rows.cpp", "softmax_rows.pto", "launch.json"}));

  auto started = std::chrono::steady_clock::now();
  auto refused = client.compile(spec(example("softmax_rows"), "ascend910b2", {v1::EMIT_OBJ}));
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(refused));
  const client::ClientError &error = std::get<client::ClientError>(refused);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  EXPECT_EQ(error.codeName(), "FAILED_PRECONDITION");
  EXPECT_NE(error.message.find("no connected worker can compile for ascend910b2 with bisheng"), std::string::npos)
      << error.message;
  EXPECT_NE(error.message.find("bisheng not found (searched: /nonexistent/cann)"), std::string::npos)
      << error.message;
}

TEST_F(ServiceTest, AHundredConcurrentIdenticalRequestsCompileOnce) {
  start(config(true));
  client::Client client(clientConfig());
  v1::CompileSpec request = spec(example("softmax_rows"), "sm_90", {v1::EMIT_PTX, v1::EMIT_CUDA});
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::set<std::string> digests;
  std::atomic<int> ok{0};
  for (int i = 0; i < 100; ++i)
    threads.emplace_back([&] {
      auto out = client.compile(request);
      if (auto *compiled = std::get_if<client::CompileOutput>(&out); compiled && compiled->summary.ok()) {
        ++ok;
        std::lock_guard lock(mutex);
        for (const std::string &bytes : compiled->artifacts) digests.insert(cache::Digest::of(bytes).hex());
      }
    });
  for (auto &t : threads) t.join();
  EXPECT_EQ(ok, 100);
  EXPECT_EQ(digests.size(), 3u);  // ptx, cuda, launch.json: the same bytes for everyone
  auto status = client.status();
  ASSERT_TRUE(std::holds_alternative<v1::StatusReply>(status));
  EXPECT_EQ(std::get<v1::StatusReply>(status).compiles(), 1);
}

TEST_F(ServiceTest, ConcurrentRequestsForOneKernelWrittenTwoWaysEachGetTheirOwnLines) {
  // Two texts with one canonical key join one job; its dead-tile warning is
  // located in one of them, so the other text must be compiled on its own.
  start(config(true));
  client::Client client(clientConfig());
  v1::CompileSpec a = spec(test::sourceDir() / "tests/oracle/tile_ir/dead_load.mlir", "sm_90", {v1::EMIT_CUDA});
  v1::CompileSpec b = a;
  b.set_ir("// two\n// lines\n" + a.ir());
  std::vector<std::thread> threads;
  std::atomic<int> right{0};
  for (int i = 0; i < 40; ++i)
    threads.emplace_back([&, i] {
      const v1::CompileSpec &mine = i % 2 ? b : a;
      auto out = client.compile(mine);
      auto *compiled = std::get_if<client::CompileOutput>(&out);
      if (!compiled) return;
      for (const v1::Diagnostic &d : compiled->summary.diagnostics())
        if (d.message().rfind("[oracle.dead-tile]", 0) == 0 && d.line() == (i % 2 ? 8u : 6u)) ++right;
    });
  for (auto &t : threads) t.join();
  EXPECT_EQ(right, 40);
}

TEST_F(ServiceTest, AJobWhoseWorkerIsKilledCompletesOnAnother) {
  if (!haveCuda()) GTEST_SKIP() << "needs nvcc under /usr/local/cuda/bin: the job runs nvcc so it is slow enough to kill";
  start(config(false));
  startWorker("first", {});
  startWorker("second", {});
  awaitWorkers(2);
  client::Client client(clientConfig());
  client::Client watcher(clientConfig());
  std::optional<client::Result<client::CompileOutput>> result;
  std::thread compile([&] { result = client.compile(spec(example("attention_block"), "sm_90", {v1::EMIT_CUBIN},
                                                         v1::COMPILE_PATH_NVCC)); });
  std::string killed;
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (killed.empty() && std::chrono::steady_clock::now() < deadline) {
    auto status = watcher.status();
    if (auto *s = std::get_if<v1::StatusReply>(&status))
      for (const v1::WorkerStatus &w : s->workers())
        if (w.busy() > 0) killed = w.id();
    if (killed.empty()) std::this_thread::sleep_for(2ms);
  }
  ASSERT_FALSE(killed.empty()) << "no worker took the job";
  workers_[killed]->signal(SIGKILL);
  compile.join();
  ASSERT_TRUE(result);
  auto *out = std::get_if<client::CompileOutput>(&*result);
  ASSERT_TRUE(out) << std::get<client::ClientError>(*result).message;
  EXPECT_TRUE(out->summary.ok());
  EXPECT_NE(out->summary.worker(), killed);
  EXPECT_FALSE(out->artifacts[0].empty());
}

TEST_F(ServiceTest, AWorkerReconnectsToARestartedKilnd) {
  start(config(false));
  std::string address = server_->address();
  startWorker("faithful", {});
  awaitWorkers(1);
  server_->shutdown();
  server_.reset();
  // Same port again, so the worker's dialing finds the new kilnd.
  server::ServerConfig c = config(false);
  c.listen = address;
  start(c);
  awaitWorkers(1);
  EXPECT_NE(workers_["faithful"]->stderrText().find("retrying"), std::string::npos)
      << workers_["faithful"]->stderrText();
  client::Client client(clientConfig());
  auto out = client.compile(spec(example("vec_add"), "sm_90", {v1::EMIT_PTX}));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out));
  EXPECT_EQ(std::get<client::CompileOutput>(out).summary.worker(), "faithful");
}

TEST_F(ServiceTest, AWorkerWithoutAValidTokenIsRefused) {
  start(config(false));
  test::ChildProcess &worker = startWorker("impostor", {}, "bad.token");
  std::optional<int> code = worker.wait(20s);
  ASSERT_TRUE(code) << "kiln-worker kept running with a bad token";
  EXPECT_EQ(*code, 3);
  EXPECT_NE(worker.stderrText().find("refused this worker: the worker token is not valid"), std::string::npos)
      << worker.stderrText();
  client::Client client(clientConfig());
  auto status = client.status();
  ASSERT_TRUE(std::holds_alternative<v1::StatusReply>(status));
  EXPECT_EQ(std::get<v1::StatusReply>(status).workers_size(), 0);
}

TEST_F(ServiceTest, NoWorkerAtAllIsAClearErrorAtOnce) {
  server::ServerConfig c = config(false);
  c.worker_wait = 0ms;  // worker_wait_test.cpp covers the wait
  start(c);
  client::Client client(clientConfig());
  auto started = std::chrono::steady_clock::now();
  auto refused = client.compile(spec(example("gemm"), "sm_90", {v1::EMIT_PTX}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(refused));
  EXPECT_NE(std::get<client::ClientError>(refused).message.find("no worker is connected"), std::string::npos);
}

TEST_F(ServiceTest, TheCacheSurvivesARestart) {
  start(config(true));
  v1::CompileSpec request = spec(example("vec_add"), "sm_90", {v1::EMIT_PTX});
  std::string first_digest;
  {
    client::Client client(clientConfig());
    auto out = client.compile(request);
    ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out));
    EXPECT_FALSE(std::get<client::CompileOutput>(out).summary.cache_hit());
    first_digest = std::get<client::CompileOutput>(out).summary.artifacts(0).digest();
  }
  server_->shutdown();
  server_.reset();
  start(config(true));
  client::Client client(clientConfig());
  auto out = client.compile(request);
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out));
  EXPECT_TRUE(std::get<client::CompileOutput>(out).summary.cache_hit());
  EXPECT_EQ(std::get<client::CompileOutput>(out).summary.artifacts(0).digest(), first_digest);
  // And the artifact can be fetched by its digest alone.
  auto fetched = client.fetch(first_digest);
  ASSERT_TRUE(std::holds_alternative<std::string>(fetched));
  EXPECT_EQ(cache::Digest::of(std::get<std::string>(fetched)).hex(), first_digest);
  auto missing = client.fetch(std::string(64, '0'));
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(missing));
  EXPECT_EQ(std::get<client::ClientError>(missing).codeName(), "NOT_FOUND");
}

TEST_F(ServiceTest, ArtifactsLargerThanAMessageStreamInChunks) {
  start(config(false));
  // 5 MiB of incompressible bytes: over gRPC's 4 MiB message cap.
  std::string big(5 << 20, '\0');
  std::uint64_t x = 88172645463325252ull;
  for (char &c : big) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    c = static_cast<char>(x);
  }
  auto stored = server_->state().cache->putBlob(big);
  ASSERT_TRUE(stored);
  client::Client client(clientConfig());
  auto fetched = client.fetch(stored->hex());
  ASSERT_TRUE(std::holds_alternative<std::string>(fetched)) << std::get<client::ClientError>(fetched).message;
  EXPECT_TRUE(std::get<std::string>(fetched) == big);
}

TEST_F(ServiceTest, AnOversizedRequestIsRefusedWithAClearStatus) {
  server::ServerConfig c = config(true);
  c.max_request_bytes = 64 << 10;
  start(c);
  client::Client client(clientConfig());
  v1::CompileSpec request = spec(example("gemm"), "sm_90", {v1::EMIT_PTX});
  request.set_ir(request.ir() + "\n// " + std::string(100 << 10, 'x') + "\n");
  auto refused = client.compile(request);
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(refused));
  const client::ClientError &error = std::get<client::ClientError>(refused);
  EXPECT_EQ(error.codeName(), "RESOURCE_EXHAUSTED");
  EXPECT_NE(error.message.find("at most 65536 (--max-request-bytes"), std::string::npos) << error.message;
  // Far beyond the limit, gRPC's own cap refuses it before kilnd reads it;
  // the client still names the limit.
  request.set_ir(std::string(8 << 20, ' '));
  auto huge = client.compile(request);
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(huge));
  EXPECT_EQ(std::get<client::ClientError>(huge).codeName(), "RESOURCE_EXHAUSTED");
  EXPECT_NE(std::get<client::ClientError>(huge).message.find("--max-request-bytes"), std::string::npos)
      << std::get<client::ClientError>(huge).message;
}

TEST_F(ServiceTest, ARequestJustOverTheDefaultLimitGetsKilndsOwnRefusal) {
  // Finding 9: 9 MB against the default 8 MiB used to meet gRPC's cap,
  // "(9437718 vs. 9437184)", instead of a message naming the flag.
  start(config(false));
  client::Client client(clientConfig());
  v1::CompileSpec request = spec(example("gemm"), "sm_90", {v1::EMIT_PTX});
  request.set_ir(std::string(9437718 - 200, ' ') + request.ir().substr(0, 200));
  auto refused = client.compile(request);
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(refused));
  const client::ClientError &error = std::get<client::ClientError>(refused);
  EXPECT_EQ(error.codeName(), "RESOURCE_EXHAUSTED");
  EXPECT_NE(error.message.find("kilnd accepts at most 8388608 (--max-request-bytes"), std::string::npos)
      << error.message;
}

TEST_F(ServiceTest, AClientOverItsConcurrencyLimitIsRefused) {
  server::ServerConfig c = config(true);
  c.max_in_flight_per_client = 1;
  start(c);
  client::Client first(clientConfig()), second(clientConfig());
  std::optional<client::Result<client::CompileOutput>> slow;
  std::thread compile([&] { slow = first.compile(spec(example("attention_block"), "sm_90", {v1::EMIT_PTX})); });
  client::Client watcher(clientConfig());
  bool running = false;
  for (int i = 0; i < 5000 && !running; ++i) {
    auto status = watcher.status();
    if (auto *s = std::get_if<v1::StatusReply>(&status)) running = s->jobs_running() > 0;
    if (!running) std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(running);
  auto refused = second.compile(spec(example("gemm"), "sm_90", {v1::EMIT_PTX}));
  compile.join();
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(refused));
  EXPECT_EQ(std::get<client::ClientError>(refused).codeName(), "RESOURCE_EXHAUSTED");
  EXPECT_NE(std::get<client::ClientError>(refused).message.find("max_in_flight_per_client"), std::string::npos);
  ASSERT_TRUE(slow && std::holds_alternative<client::CompileOutput>(*slow));
  // The place is free again once the first compile is answered.
  EXPECT_TRUE(std::holds_alternative<client::CompileOutput>(second.compile(spec(example("gemm"), "sm_90", {v1::EMIT_PTX}))));
}

TEST_F(ServiceTest, ClientsNeedAClientTokenWhenConfigured) {
  server::ServerConfig c = config(true);
  c.client_tokens_file = (dir_ / "clients.tokens").string();
  start(c);
  for (const std::string &token : {std::string(), std::string(kWorkerToken), std::string("wrong-token-0123456789")}) {
    client::Client client(clientConfig(token));
    auto status = client.status();
    ASSERT_TRUE(std::holds_alternative<client::ClientError>(status)) << token;
    EXPECT_EQ(std::get<client::ClientError>(status).codeName(), "UNAUTHENTICATED");
    EXPECT_TRUE(std::get<client::ClientError>(status).serviceProblem());
  }
  client::Client client(clientConfig(kClientToken));
  EXPECT_TRUE(std::holds_alternative<v1::StatusReply>(client.status()));
}

// A throwaway CA, a server certificate for 127.0.0.1 and a worker client
// certificate, made with the openssl command.
bool makeCertificates(const fs::path &dir) {
  std::string script =
      "set -e; cd '" + dir.string() + "'\n"
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -subj /CN=kiln-test-ca -days 1\n"
      "openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1\n"
      "printf 'subjectAltName=IP:127.0.0.1\\n' > san.ext\n"
      "openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 1 "
      "-extfile san.ext\n"
      "openssl req -newkey rsa:2048 -nodes -keyout worker.key -out worker.csr -subj /CN=kiln-worker\n"
      "openssl x509 -req -in worker.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out worker.pem -days 1\n";
  test::ProcessResult r = test::runProcess({"/bin/sh", "-c", script});
  return r.exit_code == 0;
}

TEST_F(ServiceTest, TlsForClientsAndMutualTlsForWorkers) {
  if (!fs::exists("/usr/bin/openssl")) GTEST_SKIP() << "needs the openssl command to make test certificates";
  ASSERT_TRUE(makeCertificates(dir_));
  server::ServerConfig c = config(false);
  c.tls.cert_file = (dir_ / "server.pem").string();
  c.tls.key_file = (dir_ / "server.key").string();
  c.tls.worker_ca_file = (dir_ / "ca.pem").string();
  start(c);

  client::ClientConfig tls = clientConfig();
  tls.tls_ca_file = (dir_ / "ca.pem").string();
  client::Client client(tls);
  EXPECT_TRUE(std::holds_alternative<v1::StatusReply>(client.status()));  // TLS, no client certificate
  client::ClientConfig plain = clientConfig();
  plain.max_attempts = 1;
  client::Client cleartext(plain);
  auto refused = cleartext.status();
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(refused));
  EXPECT_EQ(std::get<client::ClientError>(refused).codeName(), "UNAVAILABLE");

  // A worker with a certificate from the worker CA joins; one without is refused.
  std::string ca = (dir_ / "ca.pem").string();
  startWorker("with-cert", {"--tls-ca", ca, "--tls-cert", (dir_ / "worker.pem").string(), "--tls-key",
                            (dir_ / "worker.key").string()});
  test::ChildProcess &without = startWorker("without-cert", {"--tls-ca", ca});
  std::optional<int> code = without.wait(20s);
  ASSERT_TRUE(code) << "a worker without a certificate kept running";
  EXPECT_EQ(*code, 3);
  EXPECT_NE(without.stderrText().find("must present a certificate"), std::string::npos) << without.stderrText();
  auto deadline = std::chrono::steady_clock::now() + 20s;
  int workers = 0;
  while (workers != 1 && std::chrono::steady_clock::now() < deadline) {
    auto status = client.status();
    if (auto *s = std::get_if<v1::StatusReply>(&status)) workers = s->workers_size();
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(workers, 1) << workers_["with-cert"]->stderrText();
}

TEST_F(ServiceTest, InvalidIrIsALocatedDiagnosticNotAnRpcError) {
  start(config(true));
  client::Client client(clientConfig());
  v1::CompileSpec request = spec(example("gemm"), "sm_90", {v1::EMIT_PTX});
  request.set_ir("tile.kernel @k() {\n  %x = tile.bogus : i32\n}\n");
  request.set_source_name("broken.mlir");
  auto out = client.compile(request);
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out));
  const v1::CompileSummary &summary = std::get<client::CompileOutput>(out).summary;
  EXPECT_FALSE(summary.ok());
  ASSERT_GT(summary.diagnostics_size(), 0);
  EXPECT_EQ(summary.diagnostics(0).file(), "broken.mlir");
  EXPECT_GT(summary.diagnostics(0).line(), 0u);
  // Unknown targets and empty emit lists are the request's fault.
  request.set_target("sm_99");
  auto bad_target = client.compile(request);
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(bad_target));
  EXPECT_EQ(std::get<client::ClientError>(bad_target).codeName(), "INVALID_ARGUMENT");
}

TEST_F(ServiceTest, EverySharedExampleCompilesThenHitsWithIdenticalArtifacts) {
  if (!haveCuda()) GTEST_SKIP() << "needs ptxas under /usr/local/cuda/bin for cubins";
  start(config(true));
  client::Client client(clientConfig());
  for (const fs::path &file : test::sharedExamples()) {
    SCOPED_TRACE(file.string());
    v1::CompileSpec request = spec(file, "sm_90", {v1::EMIT_PTX, v1::EMIT_CUBIN});
    auto miss = client.compile(request);
    auto hit = client.compile(request);
    ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(miss));
    ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(hit));
    const auto &a = std::get<client::CompileOutput>(miss), &b = std::get<client::CompileOutput>(hit);
    EXPECT_TRUE(a.summary.ok());
    EXPECT_FALSE(a.summary.cache_hit());
    EXPECT_TRUE(b.summary.cache_hit());
    EXPECT_EQ(a.artifacts, b.artifacts);
  }
}

TEST_F(ServiceTest, TheOracleVerdictTravelsFromARemoteWorkerAndIsCachedWithItsWarnings) {
  start(config(false));
  startWorker("w1", {});
  awaitWorkers(1);
  client::Client client(clientConfig());
  fs::path dead = test::sourceDir() / "tests/oracle/tile_ir/dead_load.mlir";
  v1::CompileSpec request = spec(dead, "sm_90", {v1::EMIT_CUDA});
  auto summaryOf = [&](const v1::CompileSpec &r) {
    auto out = client.compile(r);
    EXPECT_TRUE(std::holds_alternative<client::CompileOutput>(out));
    return std::holds_alternative<client::CompileOutput>(out) ? std::get<client::CompileOutput>(out).summary
                                                               : v1::CompileSummary();
  };
  auto deadTileLine = [](const v1::CompileSummary &summary) -> unsigned {
    for (const v1::Diagnostic &d : summary.diagnostics())
      if (d.severity() == v1::SEVERITY_WARNING && d.message().rfind("[oracle.dead-tile]", 0) == 0) return d.line();
    return 0;
  };
  v1::CompileSummary miss = summaryOf(request);
  EXPECT_TRUE(miss.ok());
  EXPECT_FALSE(miss.cache_hit());
  EXPECT_EQ(miss.worker(), "w1");
  EXPECT_EQ(miss.oracle_verdict(), "warnings");
  EXPECT_EQ(deadTileLine(miss), 6u);
  v1::CompileSummary hit = summaryOf(request);
  EXPECT_TRUE(hit.cache_hit());
  EXPECT_EQ(hit.oracle_verdict(), "warnings");
  EXPECT_EQ(deadTileLine(hit), 6u);
  // The same kernel two lines lower: the canonical key matches, but the
  // cached warning would point at the wrong line, so it compiles again.
  v1::CompileSpec moved = request;
  moved.set_ir("// two\n// lines\n" + request.ir());
  v1::CompileSummary again = summaryOf(moved);
  EXPECT_FALSE(again.cache_hit());
  EXPECT_EQ(deadTileLine(again), 8u);
  // Off is another key, and another verdict.
  request.set_oracle(v1::ORACLE_MODE_OFF);
  v1::CompileSummary off = summaryOf(request);
  EXPECT_FALSE(off.cache_hit());
  EXPECT_EQ(off.oracle_verdict(), "off");
  EXPECT_EQ(deadTileLine(off), 0u);
}

TEST_F(ServiceTest, ShutdownDrainsAJobInFlight) {
  start(config(true));
  client::Client client(clientConfig());
  client::Client watcher(clientConfig());
  std::optional<client::Result<client::CompileOutput>> result;
  std::thread compile([&] { result = client.compile(spec(example("layernorm"), "sm_90", {v1::EMIT_PTX})); });
  bool running = false;
  for (int i = 0; i < 5000 && !running; ++i) {
    auto status = watcher.status();
    if (auto *s = std::get_if<v1::StatusReply>(&status)) running = s->jobs_running() > 0;
    if (!running) std::this_thread::sleep_for(1ms);
  }
  ASSERT_TRUE(running) << "the job never started";
  std::thread stopper([&] { server_->shutdown(); });
  compile.join();
  stopper.join();
  ASSERT_TRUE(result);
  auto *out = std::get_if<client::CompileOutput>(&*result);
  ASSERT_TRUE(out) << std::get<client::ClientError>(*result).message;
  EXPECT_TRUE(out->summary.ok());  // drained, not dropped
}

TEST_F(ServiceTest, TheKilnCliCompilesFetchesAndReportsStatusThroughKilnd) {
  start(config(true));
  std::string kiln = (test::binDir() / "kiln").string();
  fs::path file = example("vec_add");
  std::vector<std::string> compile = {kiln, "--server", server_->address(), "compile", file.string(),
                                      "--emit", "ptx,cuda", "-o", (dir_ / "out").string(), "--json"};
  test::ProcessResult first = test::runProcess(compile);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("\"cache_hit\": false"), std::string::npos) << first.out;
  test::ProcessResult second = test::runProcess(compile);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("\"cache_hit\": true"), std::string::npos) << second.out;
  std::string ptx = test::readFile(dir_ / "out" / "vec_add.ptx");
  ASSERT_FALSE(ptx.empty());

  std::string digest = cache::Digest::of(ptx).hex();
  test::ProcessResult fetch = test::runProcess(
      {kiln, "--server", server_->address(), "fetch", digest, "-o", (dir_ / "fetched.ptx").string()});
  ASSERT_EQ(fetch.exit_code, 0) << fetch.err;
  EXPECT_EQ(test::readFile(dir_ / "fetched.ptx"), ptx);
  test::ProcessResult missing = test::runProcess(
      {kiln, "--server", server_->address(), "fetch", std::string(64, 'a'), "-o", (dir_ / "x").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("NOT_FOUND"), std::string::npos) << missing.err;

  test::ProcessResult status = test::runProcess({kiln, "--server", server_->address(), "status", "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("\"compiles\": 1"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\"id\": \"local\""), std::string::npos) << status.out;

  // Nobody listening: exit 3, "service unavailable".
  test::ProcessResult down = test::runProcess({kiln, "--server", "127.0.0.1:1", "status"});
  EXPECT_EQ(down.exit_code, 3) << down.err;
  EXPECT_NE(down.err.find("UNAVAILABLE"), std::string::npos) << down.err;
  // Invalid IR through kilnd: compiler-style diagnostics and exit 1.
  std::ofstream(dir_ / "bad.mlir") << "tile.kernel @k() {\n  %x = tile.bogus : i32\n}\n";
  test::ProcessResult bad = test::runProcess(
      {kiln, "--server", server_->address(), "compile", (dir_ / "bad.mlir").string(), "-o", (dir_ / "bad").string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.mlir:"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace kiln
