// The client never writes outside its output folder, whatever a server
// sends: a fake kilnd answers a compile with an artifact named "../x" or
// an absolute path, and both the client library and `kiln compile -o DIR`
// refuse it without writing a byte.
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <grpcpp/grpcpp.h>

#include "cache/digest.h"
#include "client/lib/kiln_client.h"
#include "kiln/v1/compiler.grpc.pb.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A kilnd that answers every compile with one artifact named `name`, plus
// an honest launch.json, with digests and sizes that match the bytes.
class FakeKilnd final : public v1::Compiler::Service {
 public:
  std::string name;

  grpc::Status Compile(grpc::ServerContext *, const v1::CompileRequest *,
                       grpc::ServerWriter<v1::CompileReply> *writer) override {
    v1::CompileReply reply;
    v1::CompileSummary *summary = reply.mutable_summary();
    summary->set_ok(true);
    summary->set_worker("fake");
    int index = 0;
    for (const auto &[artifact, kind, bytes] : {std::tuple<std::string, std::string, std::string>{name, "ptx", "owned\n"},
                                                {"launch.json", "launch", "{}\n"}}) {
      v1::ArtifactInfo *info = summary->add_artifacts();
      info->set_name(artifact);
      info->set_kind(kind);
      info->set_size(static_cast<std::int64_t>(bytes.size()));
      info->set_digest(cache::Digest::of(bytes).hex());
      v1::ArtifactChunk *chunk = reply.add_chunks();
      chunk->set_index(index++);
      chunk->set_offset(0);
      chunk->set_data(bytes);
    }
    writer->Write(reply);
    return grpc::Status::OK;
  }
  grpc::Status Status(grpc::ServerContext *, const v1::StatusRequest *, v1::StatusReply *) override {
    return grpc::Status::OK;
  }
};

class UntrustedReplyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kiln-untrusted-" + std::to_string(getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "work");
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&fake_);
    server_ = builder.BuildAndStart();
    ASSERT_TRUE(server_ && port_ > 0);
  }
  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now() + 2s);
    fs::remove_all(dir_);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  // Every file under the test's folder: nothing may appear but the input.
  std::vector<fs::path> files() const {
    std::vector<fs::path> out;
    for (const auto &entry : fs::recursive_directory_iterator(dir_))
      if (!entry.is_directory()) out.push_back(entry.path());
    return out;
  }

  fs::path dir_;
  FakeKilnd fake_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

TEST_F(UntrustedReplyTest, TheLibraryRefusesNamesThatArePaths) {
  client::ClientConfig config;
  config.server = address();
  config.timeout = 10s;
  client::Client client(config);
  for (const std::string &name : {std::string("../x"), (dir_ / "abs").string(), std::string(".x")}) {
    SCOPED_TRACE(name);
    fake_.name = name;
    auto out = client.compile(v1::CompileSpec());
    ASSERT_TRUE(std::holds_alternative<client::ClientError>(out)) << "a reply naming a path was accepted";
    const client::ClientError &error = std::get<client::ClientError>(out);
    EXPECT_EQ(error.codeName(), "DATA_LOSS");
    EXPECT_NE(error.message.find("artifact name"), std::string::npos) << error.message;
  }
  fake_.name = "k.ptx";  // the control: the same reply with a plain name is taken
  auto out = client.compile(v1::CompileSpec());
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(out)) << std::get<client::ClientError>(out).message;
  EXPECT_EQ(std::get<client::CompileOutput>(out).artifacts.at(0), "owned\n");
}

TEST_F(UntrustedReplyTest, KilnCompileWritesNothingOutsideOrInsideItsOutputFolder) {
  fs::path source = dir_ / "work" / "k.mlir";
  std::ofstream(source) << "module {}\n";
  fs::path out_dir = dir_ / "work" / "out";
  for (const std::string &name : {std::string("../x"), std::string("../../x"), (dir_ / "abs").string()}) {
    SCOPED_TRACE(name);
    fake_.name = name;
    test::ProcessResult run = test::runProcess({(test::binDir() / "kiln").string(), "--server", address(), "compile",
                                                source.string(), "--target", "sm_90", "--emit", "ptx", "-o",
                                                out_dir.string()},
                                               {}, 30s);
    EXPECT_EQ(run.exit_code, 5) << run.err;
    EXPECT_NE(run.err.find("artifact name"), std::string::npos) << run.err;
    EXPECT_EQ(files(), std::vector<fs::path>{source}) << "kiln wrote a file for a reply it refused";
  }
  // The control: a plain name lands in the output folder.
  fake_.name = "k.ptx";
  test::ProcessResult run = test::runProcess({(test::binDir() / "kiln").string(), "--server", address(), "compile",
                                              source.string(), "--target", "sm_90", "--emit", "ptx", "-o",
                                              out_dir.string()},
                                             {}, 30s);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(fs::exists(out_dir / "k.ptx"));
}

}  // namespace
}  // namespace kiln
