// `kiln compile a b c ...` against a kilnd child: many files through one
// connection, each into -o/<stem>/, a line per file when stderr is not a
// terminal, one --json array, and the worst file's exit status.
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/server/child_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

class CompileManyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("kiln-compile-many-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    kilnd_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{(test::binDir() / "kilnd").string(), "--listen", "127.0.0.1:0", "--data-dir",
                                 (dir_ / "data").string(), "--port-file", (dir_ / "port").string()},
        (dir_ / "kilnd.log").string());
    for (int i = 0; i < 400 && port_.empty(); ++i) {
      std::this_thread::sleep_for(25ms);
      std::ifstream in(dir_ / "port");
      in >> port_;
    }
  }
  static void TearDownTestSuite() {
    kilnd_.reset();
    fs::remove_all(dir_);
  }

  static std::vector<std::string> files() {
    std::vector<std::string> out;
    for (const char *name : {"vec_add", "softmax_rows", "layernorm", "gemm"})
      out.push_back((fs::path(KILN_SHARED_DIR_HINT) / (std::string(name) + ".mlir")).string());
    out.push_back((test::sourceDir() / "tests" / "oracle" / "tile_ir" / "constant_oob.mlir").string());
    return out;
  }
  static test::ProcessResult kiln(const std::string &server, const std::vector<std::string> &files,
                                  const fs::path &out, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv = {(test::binDir() / "kiln").string(), "--server", server, "compile"};
    argv.insert(argv.end(), files.begin(), files.end());
    argv.insert(argv.end(), {"--target", "sm_90", "--emit", "ptx", "-o", out.string()});
    argv.insert(argv.end(), extra.begin(), extra.end());
    return test::runProcess(argv, {}, 300s);
  }
  void SetUp() override { ASSERT_FALSE(port_.empty()) << kilnd_->stderrText(); }

  static inline fs::path dir_;
  static inline std::string port_;
  static inline std::unique_ptr<test::ChildProcess> kilnd_;
};

TEST_F(CompileManyTest, EveryFileIntoItsOwnFolderWithALinePerFileAndTheWorstStatus) {
  fs::path out = dir_ / "out";
  test::ProcessResult r = kiln("127.0.0.1:" + port_, files(), out, {"-j", "3"});
  EXPECT_EQ(r.exit_code, 1) << "one file fails its oracle check\n" << r.err;
  for (const char *stem : {"vec_add", "softmax_rows", "layernorm", "gemm"}) {
    EXPECT_TRUE(fs::exists(out / stem / (std::string(stem) + ".ptx"))) << stem;
    EXPECT_TRUE(fs::exists(out / stem / "launch.json")) << stem;
    EXPECT_NE(r.err.find(std::string(stem) + ".mlir: ok"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(out / "constant_oob")) << "a failed compile writes nothing";
  EXPECT_NE(r.err.find("constant_oob.mlir:9:8: error: [oracle.constant-oob]"), std::string::npos)
      << "its located diagnostic is printed: " << r.err;
  EXPECT_NE(r.err.find("constant_oob.mlir: failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("kiln: [5/5] "), std::string::npos) << r.err;

  // Again: every good file is a cache hit, and --json is one array.
  test::ProcessResult again = kiln("127.0.0.1:" + port_, files(), dir_ / "again", {"--json"});
  EXPECT_EQ(again.exit_code, 1);
  nlohmann::json reports = nlohmann::json::parse(again.out, nullptr, false);
  ASSERT_TRUE(reports.is_array() && reports.size() == 5) << again.out;
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_TRUE(reports[i]["ok"].get<bool>()) << reports[i].dump();
    EXPECT_TRUE(reports[i]["server"]["cache_hit"].get<bool>()) << reports[i].dump();
  }
  EXPECT_EQ(reports[4]["file"], files()[4]);
  EXPECT_FALSE(reports[4]["ok"].get<bool>());
  EXPECT_NE(again.err.find("ok (cache hit)"), std::string::npos) << again.err;
}

TEST_F(CompileManyTest, FilesOfOneStemAndAnUnreachableKilndAreRefused) {
  std::vector<std::string> twice = {files()[0], files()[0]};
  test::ProcessResult same = kiln("127.0.0.1:" + port_, twice, dir_ / "same");
  EXPECT_EQ(same.exit_code, 2) << same.err;
  EXPECT_NE(same.err.find("would both write"), std::string::npos) << same.err;

  test::ProcessResult down = kiln("127.0.0.1:1", {files()[0], files()[1]}, dir_ / "down");
  EXPECT_EQ(down.exit_code, 3) << down.err;
  EXPECT_NE(down.err.find("UNAVAILABLE"), std::string::npos) << down.err;
  test::ProcessResult one = kiln("127.0.0.1:1", {files()[0]}, dir_ / "down");
  EXPECT_EQ(one.exit_code, 3) << "one file: as before\n" << one.err;
}

}  // namespace
}  // namespace kiln
