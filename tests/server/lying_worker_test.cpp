// A worker with a valid token that lies about its result: artifact names
// that are paths, kinds nobody makes, fewer or more artifacts than asked
// for, sizes its bytes do not meet. kilnd fails that job at once with a
// diagnostic naming the worker, caches nothing, and drops the worker. The
// fake speaks the WorkerHub protocol in process; kilnd runs in process too.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "client/lib/kiln_client.h"
#include "proto/convert/worker_messages.h"
#include "server/api/worker_hub_service.h"
#include "server/kilnd/kiln_server.h"
#include "tests/server/fake_worker.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

using test::FakeWorker;
using test::kFakeWorkerToken;
using test::resultWith;

const Artifact kPtx{"vec_add.ptx", "ptx", "// ptx\n"};
const Artifact kLaunch{"launch.json", "launch", "{}\n"};

class LyingWorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kiln-liar-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "workers.tokens") << "farm " << kFakeWorkerToken << "\n";
    server::ServerConfig c;
    c.listen = "127.0.0.1:0";
    c.data_dir = (dir_ / "data").string();
    c.local_worker = false;
    c.worker_tokens_file = (dir_ / "workers.tokens").string();
    c.scheduler.heartbeat_period = 200ms;
    c.drain_timeout = 2s;
    std::string error;
    server_ = server::KilnServer::start(std::move(c), error);
    ASSERT_TRUE(server_) << error;
  }
  void TearDown() override {
    if (server_) server_->shutdown();
    server_.reset();
    fs::remove_all(dir_);
  }

  // The default timeout is longer than any honest answer here takes and
  // shorter than a test run: a job that hangs fails as DEADLINE_EXCEEDED.
  client::ClientConfig clientConfig(std::chrono::milliseconds timeout = 15s) {
    client::ClientConfig c;
    c.server = server_->address();
    c.timeout = timeout;
    return c;
  }
  v1::CompileSpec ptxSpec() {
    v1::CompileSpec s;
    fs::path file;
    for (const fs::path &p : test::sharedExamples())
      if (p.stem() == "vec_add") file = p;
    if (file.empty()) file = test::sharedExamples().front();
    s.set_ir(test::readFile(file));
    s.set_source_name("vec_add.mlir");
    s.set_target("sm_90");
    s.add_emit(v1::EMIT_PTX);
    return s;
  }
  int workerCount() {
    client::Client client(clientConfig());
    auto status = client.status();
    return std::holds_alternative<v1::StatusReply>(status) ? std::get<v1::StatusReply>(status).workers_size() : -1;
  }

  // Connects a fake worker that answers one compile with `lie`; the
  // compile's answer, and whether kilnd dropped the worker.
  struct Outcome {
    client::Result<client::CompileOutput> answer;
    bool dropped = false;
  };
  Outcome run(const std::string &id, const FakeWorker::Lie &lie) {
    FakeWorker worker(server_->address(), id);
    EXPECT_TRUE(worker.welcomed());
    auto answered = std::async(std::launch::async, [&] {
      client::Client client(clientConfig());
      return client.compile(ptxSpec());
    });
    bool closed = worker.answerNextJobWith(lie);
    Outcome out{answered.get()};
    out.dropped = closed && !worker.status().ok();
    return out;
  }
  // The compile ended as a failed result that names the worker and says why.
  void expectRefused(const Outcome &out, const std::string &id, const std::string &why) {
    ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out.answer))
        << "the compile did not end with a result: " << std::get<client::ClientError>(out.answer).codeName() << ": "
        << std::get<client::ClientError>(out.answer).message;
    const v1::CompileSummary &summary = std::get<client::CompileOutput>(out.answer).summary;
    EXPECT_FALSE(summary.ok());
    EXPECT_EQ(summary.artifacts_size(), 0) << "nothing from a lying worker is served";
    std::string messages;
    for (const v1::Diagnostic &d : summary.diagnostics()) messages += d.message() + "\n";
    EXPECT_NE(messages.find("worker " + id), std::string::npos) << messages;
    EXPECT_NE(messages.find(why), std::string::npos) << messages;
    EXPECT_TRUE(out.dropped) << "kilnd kept the lying worker";
  }

  fs::path dir_;
  std::unique_ptr<server::KilnServer> server_;
};

// A worker's account of its missing tools reaches clients' error messages:
// kilnd keeps a little of it, printable only.
TEST(WorkerCapabilitiesFromTheWire, MissingToolTextIsBoundedAndPrintable) {
  v1::Capabilities capabilities;
  capabilities.set_worker_id("w");
  capabilities.add_missing_tools(std::string("bisheng not found\n\x1b[31mFAKE: compile ok\0tail", 44));
  capabilities.add_missing_tools(std::string(100000, 'x'));
  for (int i = 0; i < 1000; ++i) capabilities.add_missing_tools("ptoas not found " + std::to_string(i));
  server::WorkerInfo info = server::workerInfoFrom(capabilities);
  ASSERT_EQ(info.missing_tools.size(), 16u);
  EXPECT_EQ(info.missing_tools[0], "bisheng not found??[31mFAKE: compile ok?tail");
  EXPECT_EQ(info.missing_tools[1].size(), 512u);
  for (const std::string &why : info.missing_tools)
    for (char c : why) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << why;
}

TEST_F(LyingWorkerTest, TheFakeWorkersHonestAnswerIsServed) {
  // The control: the same fake, honest, is served and kept.
  FakeWorker worker(server_->address(), "honest");
  ASSERT_TRUE(worker.welcomed());
  auto answered = std::async(std::launch::async, [&] {
    client::Client client(clientConfig());
    return client.compile(ptxSpec());
  });
  // Reads until the job, answers it honestly, then waits for kilnd to stop.
  auto lie = resultWith({kPtx, kLaunch});
  std::thread answer([&] { worker.answerNextJobWith(lie); });
  auto out = answered.get();
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out)) << std::get<client::ClientError>(out).message;
  EXPECT_TRUE(std::get<client::CompileOutput>(out).summary.ok());
  EXPECT_EQ(std::get<client::CompileOutput>(out).summary.artifacts_size(), 2);
  EXPECT_EQ(workerCount(), 1) << "an honest worker stays";
  server_->shutdown();  // ends the fake's stream
  answer.join();
}

TEST_F(LyingWorkerTest, ArtifactNamesThatArePathsAreRefused) {
  std::string outside = (dir_ / "escaped").string();
  for (const std::string &name : {std::string("../x"), outside, std::string(".hidden"), std::string("a\0b", 3)}) {
    SCOPED_TRACE(name);
    Outcome out = run("liar", resultWith({{name, "ptx", "// ptx\n"}, kLaunch}));
    expectRefused(out, "liar", "artifact name");
  }
  EXPECT_FALSE(fs::exists(outside));
  EXPECT_EQ(workerCount(), 0);
}

TEST_F(LyingWorkerTest, UnknownKindsAndTheWrongArtifactsAreRefused) {
  expectRefused(run("kind", resultWith({{"vec_add.exe", "exe", "MZ"}, kLaunch})), "kind", "kind");
  expectRefused(run("fewer", resultWith({kLaunch})), "fewer", "kind ptx where one was asked for");
  expectRefused(run("more", resultWith({kPtx, {"vec_add.cu", "cuda", "x"}, kLaunch})), "more", "not asked for");
  expectRefused(run("twice", resultWith({kPtx, {"other.ptx", "ptx", "x"}, kLaunch})), "twice", "2 artifact(s)");
  expectRefused(run("nolaunch", resultWith({kPtx})), "nolaunch", "launch");
}

TEST_F(LyingWorkerTest, SizesTheBytesDoNotMeetEndTheJobAtOnce) {
  // Declares more bytes than it sends, then carries on as if done: the job
  // must fail now, not wait for the client's deadline.
  expectRefused(run("short", resultWith({kPtx, kLaunch},
                                        [](std::vector<v1::WorkerMessage> &m) {
                                          m[0].mutable_result()->mutable_artifacts(0)->set_size(4096);
                                        })),
                "short", "stopped short");
  // Sends more bytes than it declares.
  expectRefused(run("long", resultWith({kPtx, kLaunch},
                                       [](std::vector<v1::WorkerMessage> &m) {
                                         m[0].mutable_result()->mutable_artifacts(0)->set_size(2);
                                       })),
                "long", "runs past");
  EXPECT_EQ(workerCount(), 0);
}

TEST_F(LyingWorkerTest, AResultForAJobItWasNotGivenDropsTheWorker) {
  FakeWorker worker(server_->address(), "stray");
  ASSERT_TRUE(worker.welcomed());
  auto answered = std::async(std::launch::async, [&] {
    client::Client client(clientConfig(3s));
    return client.compile(ptxSpec());
  });
  bool closed = worker.answerNextJobWith([](std::uint64_t job) {
    CompileResult result;
    result.artifacts = {kPtx, kLaunch};
    return wire::resultMessages(job + 1000, result);
  });
  EXPECT_TRUE(closed && !worker.status().ok()) << "kilnd kept a worker that answered for a job it was not given";
  answered.get();  // the real job is requeued; nobody else serves it
}

}  // namespace
}  // namespace kiln
