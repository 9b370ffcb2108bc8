// A compile that arrives before any worker can serve it waits, up to
// ServerConfig::worker_wait (kilnd --worker-wait), for one to connect,
// instead of failing at once with "no worker is connected"; past the bound
// it is refused with a message naming the flag.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "client/lib/kiln_client.h"
#include "server/kilnd/kiln_server.h"
#include "tests/server/fake_worker.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class WorkerWaitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kiln-wait-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "workers.tokens") << "farm " << test::kFakeWorkerToken << "\n";
  }
  void TearDown() override {
    if (server_) server_->shutdown();
    server_.reset();
    fs::remove_all(dir_);
  }
  void start(std::chrono::milliseconds worker_wait) {
    server::ServerConfig c;
    c.listen = "127.0.0.1:0";
    c.data_dir = (dir_ / "data").string();
    c.local_worker = false;
    c.worker_tokens_file = (dir_ / "workers.tokens").string();
    c.worker_wait = worker_wait;
    c.drain_timeout = 2s;
    std::string error;
    server_ = server::KilnServer::start(std::move(c), error);
    ASSERT_TRUE(server_) << error;
  }
  client::Result<client::CompileOutput> compile() {
    client::ClientConfig c;
    c.server = server_->address();
    c.timeout = 20s;
    client::Client client(c);
    v1::CompileSpec s;
    s.set_ir(test::readFile(test::sharedExamples().front()));
    s.set_source_name("k.mlir");
    s.set_target("sm_90");
    s.add_emit(v1::EMIT_PTX);
    return client.compile(s);
  }

  fs::path dir_;
  std::unique_ptr<server::KilnServer> server_;
};

TEST_F(WorkerWaitTest, ACompileBeforeAnyWorkerWaitsForOneThatConnects) {
  start(10s);
  auto answered = std::async(std::launch::async, [&] { return compile(); });
  // The compile is in; only now does a worker dial in.
  EXPECT_EQ(answered.wait_for(300ms), std::future_status::timeout) << "the compile did not wait for a worker";
  test::FakeWorker worker(server_->address(), "late", 15s);
  ASSERT_TRUE(worker.welcomed());
  std::thread serve([&] {
    worker.answerNextJobWith(test::resultWith({{"k.ptx", "ptx", "// ptx\n"}, {"launch.json", "launch", "{}\n"}}));
  });
  auto out = answered.get();
  server_->shutdown();  // ends the fake's stream
  serve.join();
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out)) << std::get<client::ClientError>(out).message;
  EXPECT_TRUE(std::get<client::CompileOutput>(out).summary.ok());
  EXPECT_EQ(std::get<client::CompileOutput>(out).summary.worker(), "late");
}

TEST_F(WorkerWaitTest, PastTheBoundTheRefusalNamesTheFlag) {
  start(200ms);
  auto out = compile();
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(out));
  const client::ClientError &error = std::get<client::ClientError>(out);
  EXPECT_EQ(error.codeName(), "FAILED_PRECONDITION");
  EXPECT_NE(error.message.find("no worker is connected"), std::string::npos) << error.message;
  EXPECT_NE(error.message.find("--worker-wait"), std::string::npos) << error.message;
}

TEST_F(WorkerWaitTest, ZeroRefusesAtOnce) {
  start(0ms);
  auto out = compile();
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(out));
  EXPECT_EQ(std::get<client::ClientError>(out).codeName(), "FAILED_PRECONDITION");
  EXPECT_EQ(std::get<client::ClientError>(out).message.find("--worker-wait"), std::string::npos)
      << "nothing was waited for";
}

}  // namespace
}  // namespace kiln
