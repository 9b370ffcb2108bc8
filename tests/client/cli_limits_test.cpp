// Finding 9: `kiln compile` exits 4 (not 1, a compile error) when no
// connected worker can serve the target, and refuses an IR over kilnd's
// default --max-request-bytes before sending it, naming the flag.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <grpcpp/grpcpp.h>

#include "core/wire_limits.h"
#include "kiln/v1/compiler.grpc.pb.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A kilnd whose workers cannot serve anything, as kilnd says it.
class NoWorkerKilnd final : public v1::Compiler::Service {
 public:
  std::atomic<int> compiles{0};
  grpc::Status Compile(grpc::ServerContext *, const v1::CompileRequest *,
                       grpc::ServerWriter<v1::CompileReply> *) override {
    ++compiles;
    return {grpc::StatusCode::FAILED_PRECONDITION, "no connected worker can compile for sm_90: no worker is connected"};
  }
};

class CliLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kiln-cli-limits-" + std::to_string(getpid()));
    fs::create_directories(dir_);
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&fake_);
    builder.SetMaxReceiveMessageSize(64 << 20);  // a kilnd that raised its limit
    server_ = builder.BuildAndStart();
    ASSERT_TRUE(server_ && port_ > 0);
  }
  void TearDown() override {
    server_->Shutdown(std::chrono::system_clock::now() + 2s);
    fs::remove_all(dir_);
  }
  test::ProcessResult compile(const fs::path &file, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {(test::binDir() / "kiln").string(), "--server", "127.0.0.1:" + std::to_string(port_),
                                     "compile", file.string(), "--target", "sm_90", "--emit", "ptx", "-o",
                                     (dir_ / "out").string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return test::runProcess(argv, {}, 30s);
  }

  fs::path dir_;
  NoWorkerKilnd fake_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(CliLimitsTest, NothingCanServeTheTargetHasItsOwnExitCode) {
  fs::path source = dir_ / "k.mlir";
  std::ofstream(source) << "module {}\n";
  test::ProcessResult run = compile(source);
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_NE(run.err.find("no worker is connected"), std::string::npos) << run.err;
  test::ProcessResult help = test::runProcess({(test::binDir() / "kiln").string(), "compile", "--help"});
  EXPECT_NE(help.out.find("4 no connected worker can serve the target"), std::string::npos) << help.out;
}

TEST_F(CliLimitsTest, AnIrOverTheRequestLimitIsRefusedBeforeSendingNamingTheFlag) {
  fs::path big = dir_ / "big.mlir";
  std::ofstream(big) << std::string(static_cast<std::size_t>(kDefaultMaxRequestBytes) + 1, ' ');
  test::ProcessResult run = compile(big);
  EXPECT_EQ(run.exit_code, 1) << run.err;
  EXPECT_NE(run.err.find("kilnd accepts at most " + std::to_string(kDefaultMaxRequestBytes) + " (--max-request-bytes"),
            std::string::npos)
      << run.err;
  EXPECT_EQ(fake_.compiles.load(), 0) << "the bytes were sent anyway";
  // Raised to match a kilnd that takes more, it is sent.
  run = compile(big, {"--max-request-bytes", std::to_string(kDefaultMaxRequestBytes * 2)});
  EXPECT_EQ(run.exit_code, 4) << run.err;
  EXPECT_EQ(fake_.compiles.load(), 1);
}

}  // namespace
}  // namespace kiln
