// Poisoning resistance (issue #13, finding 5): a worker with a valid token
// could return arbitrary PTX that was cached and served to everyone. Now a
// result from an untrusted worker (and a sampled fraction of all misses) is
// compiled again on a worker with another token and cached only when the
// artifacts agree; on a disagreement neither is served or cached and the
// suspects' tokens are quarantined. Fake workers speak the WorkerHub
// protocol in process; kilnd runs in process too.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "client/lib/kiln_client.h"
#include "proto/convert/worker_messages.h"
#include "server/api/second_opinion.h"
#include "server/kilnd/kiln_server.h"
#include "tests/server/fake_worker.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using test::FakeWorker;
using test::resultWith;

constexpr const char *kTokenA = "untrusted-token-a-0123456789abcdef";
constexpr const char *kTokenB = "untrusted-token-b-0123456789abcdef";
constexpr const char *kTokenC = "trusted-token-c-0123456789abcdef";

const Artifact kLaunch{"launch.json", "launch", "{}\n"};
Artifact ptx(const std::string &text) { return {"vec_add.ptx", "ptx", text}; }

TEST(SecondOpinionPolicy, UntrustedAlwaysTrustedBySampleDecidedByTheKey) {
  const std::string key(64, 'f');
  EXPECT_TRUE(server::needsSecondOpinion(key, false, 0.0));
  EXPECT_FALSE(server::needsSecondOpinion(key, true, 0.0));
  EXPECT_TRUE(server::needsSecondOpinion(key, true, 1.0));
  // The same key decides alike every time, so joiners of one job agree.
  int sampled = 0;
  for (int i = 0; i < 4096; ++i) {
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(i) * 1048573u);
    std::string k = std::string(hex) + std::string(56, '0');
    bool once = server::needsSecondOpinion(k, true, 0.25);
    EXPECT_EQ(once, server::needsSecondOpinion(k, true, 0.25));
    sampled += once;
  }
  EXPECT_GT(sampled, 4096 / 4 - 200);
  EXPECT_LT(sampled, 4096 / 4 + 200);
}

TEST(SecondOpinionPolicy, AgreementIsTheSameOutcomeAndTheSameBytes) {
  CompileResult a, b;
  a.artifacts = {ptx("x"), kLaunch};
  b = a;
  b.diagnostics.push_back({Severity::kWarning, "k.mlir", 1, 1, "worded differently", "ptxas", {}});
  EXPECT_TRUE(server::sameArtifacts(a, b));
  b.artifacts[0].bytes = "y";
  EXPECT_FALSE(server::sameArtifacts(a, b));
  b = a;
  b.artifacts.pop_back();
  EXPECT_FALSE(server::sameArtifacts(a, b));
  b = a;
  b.diagnostics.push_back({Severity::kError, "k.mlir", 1, 1, "a fake error", "kiln", {}});
  EXPECT_FALSE(server::sameArtifacts(a, b)) << "a fake failure is a disagreement too";
}

class SecondOpinionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kiln-second-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "workers.tokens") << "a " << kTokenA << " untrusted\n"
                                           << "b " << kTokenB << " untrusted\n"
                                           << "c " << kTokenC << "\n";
    server::ServerConfig c;
    c.listen = "127.0.0.1:0";
    c.data_dir = (dir_ / "data").string();
    c.local_worker = false;
    c.worker_tokens_file = (dir_ / "workers.tokens").string();
    c.scheduler.heartbeat_period = 200ms;
    c.drain_timeout = 2s;
    c.second_opinion_fraction = 0;
    std::string error;
    server_ = server::KilnServer::start(std::move(c), error);
    ASSERT_TRUE(server_) << error;
  }
  void TearDown() override {
    if (server_) server_->shutdown();
    server_.reset();
    fs::remove_all(dir_);
  }
  client::ClientConfig clientConfig() {
    client::ClientConfig c;
    c.server = server_->address();
    c.timeout = 20s;
    c.max_attempts = 1;
    return c;
  }
  v1::CompileSpec spec() {
    v1::CompileSpec s;
    fs::path file = test::sharedExamples().front();
    for (const fs::path &p : test::sharedExamples())
      if (p.stem() == "vec_add") file = p;
    s.set_ir(test::readFile(file));
    s.set_source_name("vec_add.mlir");
    s.set_target("sm_90");
    s.add_emit(v1::EMIT_PTX);
    return s;
  }
  client::Result<client::CompileOutput> compile() {
    client::Client client(clientConfig());
    return client.compile(spec());
  }
  v1::StatusReply status() {
    client::Client client(clientConfig());
    auto s = client.status();
    EXPECT_TRUE(std::holds_alternative<v1::StatusReply>(s));
    return std::holds_alternative<v1::StatusReply>(s) ? std::get<v1::StatusReply>(s) : v1::StatusReply{};
  }

  fs::path dir_;
  std::unique_ptr<server::KilnServer> server_;
};

TEST_F(SecondOpinionTest, DisagreeingWorkersServeNothingCacheNothingAndAreQuarantined) {
  FakeWorker a(server_->address(), "worker-a", 30s, kTokenA);
  FakeWorker b(server_->address(), "worker-b", 30s, kTokenB);
  ASSERT_TRUE(a.welcomed() && b.welcomed());
  // Whichever runs first, the other is its second opinion; the bytes differ.
  std::thread ta([&] { a.answerNextJobWith(resultWith({ptx("// poisoned\n"), kLaunch})); });
  std::thread tb([&] { b.answerNextJobWith(resultWith({ptx("// honest\n"), kLaunch})); });
  auto out = compile();
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(out)) << "a result was served despite the disagreement";
  const client::ClientError &error = std::get<client::ClientError>(out);
  EXPECT_EQ(error.codeName(), "ABORTED");
  EXPECT_NE(error.message.find("returned different artifacts"), std::string::npos) << error.message;
  ta.join();
  tb.join();  // kilnd hung up on both: quarantined
  v1::StatusReply s = status();
  EXPECT_EQ(s.disagreements(), 1);
  EXPECT_EQ(s.second_opinions(), 1);
  ASSERT_EQ(s.quarantined_size(), 2) << "both were untrusted";
  EXPECT_EQ(s.workers_size(), 0);
  // A quarantined token cannot come back.
  FakeWorker again(server_->address(), "worker-a-again", 5s, kTokenA);
  EXPECT_FALSE(again.welcomed());
  // Nothing was cached: with no worker left, the request is not answered.
  FakeWorker c(server_->address(), "worker-c", 30s, kTokenC);
  ASSERT_TRUE(c.welcomed());
  std::thread tc([&] { c.answerNextJobWith(resultWith({ptx("// from c\n"), kLaunch})); });
  auto fresh = compile();
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(fresh)) << std::get<client::ClientError>(fresh).message;
  EXPECT_FALSE(std::get<client::CompileOutput>(fresh).summary.cache_hit()) << "a poisoned result was cached";
  server_->shutdown();
  tc.join();
}

TEST_F(SecondOpinionTest, AgreeingWorkersAreCachedAndServedToEveryone) {
  FakeWorker a(server_->address(), "worker-a", 30s, kTokenA);
  FakeWorker b(server_->address(), "worker-b", 30s, kTokenB);
  ASSERT_TRUE(a.welcomed() && b.welcomed());
  std::thread ta([&] { a.answerNextJobWith(resultWith({ptx("// same\n"), kLaunch})); });
  std::thread tb([&] { b.answerNextJobWith(resultWith({ptx("// same\n"), kLaunch})); });
  auto out = compile();
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out)) << std::get<client::ClientError>(out).message;
  EXPECT_TRUE(std::get<client::CompileOutput>(out).summary.ok());
  auto again = compile();
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(again)) << std::get<client::ClientError>(again).message;
  EXPECT_TRUE(std::get<client::CompileOutput>(again).summary.cache_hit());
  v1::StatusReply s = status();
  EXPECT_EQ(s.second_opinions(), 1);
  EXPECT_EQ(s.disagreements(), 0);
  EXPECT_EQ(s.quarantined_size(), 0);
  server_->shutdown();
  ta.join();
  tb.join();
}

TEST_F(SecondOpinionTest, AFailedSecondOpinionIsNoVerdictAndQuarantinesNobody) {
  // Found by bench/soak: a second opinion whose job child was killed read
  // as "different artifacts" and quarantined honest workers.
  FakeWorker a(server_->address(), "worker-a", 30s, kTokenA);
  FakeWorker b(server_->address(), "worker-b", 30s, kTokenB);
  ASSERT_TRUE(a.welcomed() && b.welcomed());
  FakeWorker::Lie crashed = [](std::uint64_t job) {
    CompileResult result = failedResult("the compile pipeline crashed (signal 9: Killed) on this input", "kiln-worker",
                                        "vec_add.mlir");
    return wire::resultMessages(job, result);
  };
  std::thread ta([&] { a.answerNextJobWith(resultWith({ptx("// fine\n"), kLaunch})); });
  std::thread tb([&] { b.answerNextJobWith(crashed); });
  auto out = compile();  // either result, depending on which worker ran first
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out)) << std::get<client::ClientError>(out).message;
  v1::StatusReply s = status();
  EXPECT_EQ(s.disagreements(), 0);
  EXPECT_EQ(s.quarantined_size(), 0);
  EXPECT_EQ(s.workers_size(), 2) << "nobody was dropped";
  server_->shutdown();
  ta.join();
  tb.join();
}

TEST_F(SecondOpinionTest, AnUntrustedResultWithNoSecondWorkerIsServedButNotCached) {
  FakeWorker a(server_->address(), "worker-a", 30s, kTokenA);
  ASSERT_TRUE(a.welcomed());
  std::thread ta([&] { a.answerNextJobWith(resultWith({ptx("// alone\n"), kLaunch})); });
  auto out = compile();
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out)) << std::get<client::ClientError>(out).message;
  EXPECT_TRUE(std::get<client::CompileOutput>(out).summary.ok());
  server_->shutdown();
  ta.join();
  // Restarted on the same data directory: no entry for the request.
  server::ServerConfig c;
  c.listen = "127.0.0.1:0";
  c.data_dir = (dir_ / "data").string();
  c.local_worker = false;
  c.worker_tokens_file = (dir_ / "workers.tokens").string();
  // "Welcomed" can come before the scheduler lists the worker; on a loaded
  // machine the compile must wait for it rather than be refused.
  c.worker_wait = 10s;
  std::string error;
  server_ = server::KilnServer::start(std::move(c), error);
  ASSERT_TRUE(server_) << error;
  FakeWorker c2(server_->address(), "worker-c", 30s, kTokenC);
  ASSERT_TRUE(c2.welcomed());
  std::thread tc([&] { c2.answerNextJobWith(resultWith({ptx("// from c\n"), kLaunch})); });
  auto fresh = compile();
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(fresh)) << std::get<client::ClientError>(fresh).message;
  EXPECT_FALSE(std::get<client::CompileOutput>(fresh).summary.cache_hit()) << "an unchecked result was cached";
  server_->shutdown();
  tc.join();
}

}  // namespace
}  // namespace kiln
