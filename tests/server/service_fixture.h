// The fixture of kilnd's end-to-end tests: an in-process KilnServer on
// 127.0.0.1, real kiln-worker processes and the client library, in a
// scratch folder per test. Every wait is bounded.
#pragma once

#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include "client/lib/kiln_client.h"
#include "server/kilnd/kiln_server.h"
#include "tests/server/child_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

inline constexpr const char *kWorkerToken = "worker-token-0123456789abcdef";
inline constexpr const char *kClientToken = "client-token-0123456789abcdef";

inline bool haveCuda() {
  return fs::exists("/usr/local/cuda/bin/ptxas") && fs::exists("/usr/local/cuda/bin/nvcc");
}

inline v1::CompileSpec spec(const fs::path &file, const std::string &target, std::vector<v1::Emit> emit,
                     v1::CompilePath via = v1::COMPILE_PATH_BUILTIN) {
  v1::CompileSpec s;
  s.set_ir(test::readFile(file));
  s.set_source_name(file.filename().string());
  s.set_target(target);
  for (v1::Emit e : emit) s.add_emit(e);
  s.set_via(via);
  return s;
}

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kiln-service-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "workers.tokens") << "farm " << kWorkerToken << "\n";
    std::ofstream(dir_ / "worker.token") << kWorkerToken << "\n";
    std::ofstream(dir_ / "bad.token") << "not-the-worker-token-at-all\n";
    std::ofstream(dir_ / "clients.tokens") << "ci " << kClientToken << "\n";
  }
  void TearDown() override {
    workers_.clear();
    if (server_) server_->shutdown();
    server_.reset();
    fs::remove_all(dir_);
  }

  server::ServerConfig config(bool local_worker) {
    server::ServerConfig c;
    c.listen = "127.0.0.1:0";
    c.data_dir = (dir_ / "data").string();
    c.local_worker = local_worker;
    c.local_slots = 2;
    c.worker_tokens_file = (dir_ / "workers.tokens").string();
    c.scheduler.heartbeat_period = 200ms;
    c.drain_timeout = 10s;
    return c;
  }
  void start(server::ServerConfig c) {
    std::string error;
    server_ = server::KilnServer::start(std::move(c), error);
    ASSERT_TRUE(server_) << error;
  }
  client::ClientConfig clientConfig(const std::string &token = {}) {
    client::ClientConfig c;
    c.server = server_->address();
    c.token = token;
    c.timeout = 120s;
    return c;
  }
  test::ChildProcess &startWorker(const std::string &id, std::vector<std::string> extra,
                                  const std::string &token_file = "worker.token") {
    std::vector<std::string> argv = {(test::binDir() / "kiln-worker").string(), "--server", server_->address(),
                                     "--token-file", (dir_ / token_file).string(), "--id", id, "--slots", "1"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    workers_[id] = std::make_unique<test::ChildProcess>(argv, (dir_ / (id + ".log")).string());
    return *workers_[id];
  }
  // Waits until kilnd lists `count` workers.
  void awaitWorkers(std::size_t count) {
    client::Client client(clientConfig());
    auto deadline = std::chrono::steady_clock::now() + 20s;
    while (std::chrono::steady_clock::now() < deadline) {
      auto status = client.status();
      if (auto *s = std::get_if<v1::StatusReply>(&status); s && static_cast<std::size_t>(s->workers_size()) == count)
        return;
      std::this_thread::sleep_for(20ms);
    }
    std::string logs;
    for (auto &[id, w] : workers_) logs += id + ": " + w->stderrText() + "\n";
    FAIL() << "kilnd did not list " << count << " workers in 20 s\n" << logs;
  }

  fs::path dir_;
  std::unique_ptr<server::KilnServer> server_;
  std::map<std::string, std::unique_ptr<test::ChildProcess>> workers_;
};

inline fs::path example(const std::string &name) {
  for (const fs::path &p : test::sharedExamples())
    if (p.stem() == name) return p;
  return test::sharedExamples().front();
}

}  // namespace kiln
