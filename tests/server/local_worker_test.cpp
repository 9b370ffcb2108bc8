// The embedded default's worker is a kiln-worker child of kilnd: a job that
// crashes, or a worker killed mid-job, fails that job with a clear message,
// kilnd answers the next request, and the child is back. Faults come from
// the test-only hook in worker/daemon/job_runner.cpp (KILN_TEST_FAULT).
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <thread>

#include "client/lib/kiln_client.h"
#include "server/kilnd/kiln_server.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr const char *kMarker = "KILN-TEST-FAULT-HERE";

fs::path example(const std::string &name) {
  for (const fs::path &p : test::sharedExamples())
    if (p.stem() == name) return p;
  return test::sharedExamples().front();
}

v1::CompileSpec ptxSpec(const std::string &text, const std::string &name) {
  v1::CompileSpec s;
  s.set_ir(text);
  s.set_source_name(name);
  s.set_target("sm_90");
  s.add_emit(v1::EMIT_PTX);
  return s;
}

class LocalWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kiln-local-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    gemm_ = test::readFile(example("gemm"));
  }
  void TearDown() override {
    if (server_) server_->shutdown();
    server_.reset();
    unsetenv("KILN_TEST_FAULT");
    unsetenv("KILN_TEST_FAULT_MARKER");
    fs::remove_all(dir_);
  }
  // The child inherits kilnd's environment, so the fault is armed here.
  void start(const char *fault, int max_attempts = 3) {
    setenv("KILN_TEST_FAULT", fault, 1);
    setenv("KILN_TEST_FAULT_MARKER", kMarker, 1);
    server::ServerConfig c;
    c.listen = "127.0.0.1:0";
    c.data_dir = (dir_ / "data").string();
    c.local_slots = 1;
    c.scheduler.max_attempts = max_attempts;
    c.scheduler.job_deadline = 60s;
    std::string error;
    server_ = server::KilnServer::start(std::move(c), error);
    ASSERT_TRUE(server_) << error;
    ASSERT_GT(server_->localWorkerPid(), 0) << "start() returns only once the local worker serves";
  }
  client::ClientConfig clientConfig() {
    client::ClientConfig c;
    c.server = server_->address();
    c.timeout = 120s;
    return c;
  }
  // The local worker as kilnd's status lists it, polled until `ready` says
  // yes or 20 s pass.
  bool awaitLocalWorker(const std::function<bool(const v1::WorkerStatus &)> &ready) {
    client::Client client(clientConfig());
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto status = client.status();
      if (auto *s = std::get_if<v1::StatusReply>(&status))
        for (const v1::WorkerStatus &w : s->workers())
          if (w.local() && ready(w)) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  }
  void expectTheNextRequestCompiles() {
    client::Client client(clientConfig());
    auto next = client.compile(ptxSpec(gemm_, "gemm.mlir"));
    ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(next)) << std::get<client::ClientError>(next).message;
    EXPECT_TRUE(std::get<client::CompileOutput>(next).summary.ok());
    EXPECT_EQ(std::get<client::CompileOutput>(next).summary.worker(), "local");
  }

  fs::path dir_;
  std::string gemm_;
  std::unique_ptr<server::KilnServer> server_;
};

TEST_F(LocalWorkerTest, AJobThatCrashesFailsWithADiagnosticAndTheNextRequestCompiles) {
  start("abort");
  pid_t worker = server_->localWorkerPid();
  client::Client client(clientConfig());
  auto crashed = client.compile(ptxSpec("// " + std::string(kMarker) + "\n" + gemm_, "crash.mlir"));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(crashed)) << std::get<client::ClientError>(crashed).message;
  const v1::CompileSummary &summary = std::get<client::CompileOutput>(crashed).summary;
  EXPECT_FALSE(summary.ok());
  EXPECT_FALSE(summary.cache_hit());
  ASSERT_GT(summary.diagnostics_size(), 0);
  EXPECT_EQ(summary.diagnostics(0).file(), "crash.mlir");
  EXPECT_NE(summary.diagnostics(0).message().find("crashed (signal 6"), std::string::npos)
      << summary.diagnostics(0).message();
  // The job child died, not the worker: same process, and kilnd serves on.
  EXPECT_EQ(server_->localWorkerPid(), worker);
  expectTheNextRequestCompiles();
}

TEST_F(LocalWorkerTest, KillingTheWorkerMidJobFailsThatJobAndKilndRestartsIt) {
  start("hang", /*max_attempts=*/1);
  pid_t first = server_->localWorkerPid();
  auto hung = std::async(std::launch::async, [this] {
    client::Client client(clientConfig());
    return client.compile(ptxSpec("// " + std::string(kMarker) + "\n" + gemm_, "hang.mlir"));
  });
  ASSERT_TRUE(awaitLocalWorker([](const v1::WorkerStatus &w) { return w.busy() > 0; }))
      << "the hanging job never reached the local worker";
  ASSERT_EQ(kill(first, SIGKILL), 0);

  ASSERT_EQ(hung.wait_for(30s), std::future_status::ready) << "the client was left waiting for a dead worker";
  auto out = hung.get();
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(out));
  const client::ClientError &error = std::get<client::ClientError>(out);
  EXPECT_EQ(error.codeName(), "ABORTED");
  EXPECT_NE(error.message.find("lost its worker"), std::string::npos) << error.message;

  ASSERT_TRUE(awaitLocalWorker([](const v1::WorkerStatus &) { return true; })) << "the local worker did not come back";
  EXPECT_NE(server_->localWorkerPid(), first);
  EXPECT_GE(server_->localWorkerRestarts(), 1);
  expectTheNextRequestCompiles();
}

TEST_F(LocalWorkerTest, AJobWhoseClientWentAwayIsStoppedAndItsSlotFreed) {
  // Issue #13, finding 6: a hostile kernel kept its core after the client
  // cancelled. kilnd cancels a job nobody waits for; the worker kills it.
  start("hang", /*max_attempts=*/1);
  pid_t worker = server_->localWorkerPid();
  client::ClientConfig impatient = clientConfig();
  impatient.timeout = 1s;
  client::Client client(impatient);
  auto gave_up = client.compile(ptxSpec("// " + std::string(kMarker) + "\n" + gemm_, "hang.mlir"));
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(gave_up));
  EXPECT_EQ(std::get<client::ClientError>(gave_up).codeName(), "DEADLINE_EXCEEDED");
  ASSERT_TRUE(awaitLocalWorker([](const v1::WorkerStatus &w) { return w.busy() == 0; }))
      << "the abandoned job still holds the worker's only slot";
  EXPECT_EQ(server_->localWorkerPid(), worker) << "the job child was stopped, not the worker";
  expectTheNextRequestCompiles();
}

TEST_F(LocalWorkerTest, AMissingWorkerBinaryIsAClearStartError) {
  server::ServerConfig c;
  c.listen = "127.0.0.1:0";
  c.data_dir = (dir_ / "data").string();
  c.local_worker_binary = (dir_ / "no-such-kiln-worker").string();
  std::string error;
  EXPECT_FALSE(server::KilnServer::start(std::move(c), error));
  EXPECT_NE(error.find("cannot run the local worker"), std::string::npos) << error;
  EXPECT_NE(error.find("--no-local-worker"), std::string::npos) << error;
}

}  // namespace
}  // namespace kiln
