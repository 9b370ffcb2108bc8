// The fact kilnd's second opinions rest on (server/api/second_opinion.h):
// the same request compiled by two separate worker processes, each with its
// own random work directories, gives byte-identical artifacts, launch.json
// included, on both NVIDIA paths. If this ever fails, two honest workers
// would disagree and be quarantined.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;

std::map<std::string, std::string> filesIn(const fs::path &dir) {
  std::map<std::string, std::string> out;
  for (const auto &entry : fs::directory_iterator(dir)) out[entry.path().filename().string()] = test::readFile(entry.path());
  return out;
}

class ReproducibleArtifacts : public ::testing::TestWithParam<std::string> {};

TEST_P(ReproducibleArtifacts, TwoWorkerProcessesGiveTheSameBytes) {
  const std::string via = GetParam();
  if (via == "nvcc" && !fs::exists("/usr/local/cuda/bin/nvcc"))
    GTEST_SKIP() << "nvcc is not installed at /usr/local/cuda/bin/nvcc";
  if (!fs::exists("/usr/local/cuda/bin/ptxas")) GTEST_SKIP() << "ptxas is not installed at /usr/local/cuda/bin/ptxas";
  const std::vector<std::string> emit = via == "nvcc" ? std::vector<std::string>{"cuda", "cubin", "fatbin"}
                                                      : std::vector<std::string>{"ptx", "cubin"};
  fs::path root = fs::temp_directory_path() / ("kiln-repro-" + std::to_string(getpid()) + "-" + via);
  fs::remove_all(root);
  for (const fs::path &example : test::sharedExamples()) {
    std::map<std::string, std::string> first;
    for (int run = 0; run < 2; ++run) {
      fs::path out = root / (example.stem().string() + "-" + std::to_string(run));
      std::vector<std::string> argv = {(test::binDir() / "kiln").string(), "compile", "--local", example.string(),
                                       "--target", "sm_90", "--via", via, "-o", out.string()};
      for (const std::string &e : emit) argv.insert(argv.end(), {"--emit", e});
      test::ProcessResult r = test::runProcess(argv, {}, std::chrono::minutes(2));
      ASSERT_EQ(r.exit_code, 0) << example << " via " << via << ":\n" << r.err;
      std::map<std::string, std::string> files = filesIn(out);
      ASSERT_EQ(files.size(), emit.size() + 1) << example;  // + launch.json
      if (run == 0) {
        first = std::move(files);
        continue;
      }
      for (const auto &[name, bytes] : first) {
        ASSERT_TRUE(files.count(name)) << name;
        EXPECT_TRUE(files.at(name) == bytes) << example.filename() << " via " << via << ": " << name
                                             << " differs between two worker processes";
      }
    }
  }
  fs::remove_all(root);
}

INSTANTIATE_TEST_SUITE_P(Paths, ReproducibleArtifacts, ::testing::Values("builtin", "nvcc"));

// The Ascend source emits, through `kiln compile --local` as a user runs it:
// no vendor tool, and the same bytes from two processes.
TEST(ReproducibleArtifacts, AscendSourcesFromTwoProcessesAreTheSame) {
  fs::path root = fs::temp_directory_path() / ("kiln-repro-" + std::to_string(getpid()) + "-ascend");
  fs::remove_all(root);
  for (const std::string name : {"vec_add", "softmax_rows", "layernorm"}) {
    fs::path example = fs::path(KILN_SHARED_DIR_HINT) / (name + ".mlir");
    std::map<std::string, std::string> first;
    for (int run = 0; run < 2; ++run) {
      fs::path out = root / (name + "-" + std::to_string(run));
      test::ProcessResult r = test::runProcess({(test::binDir() / "kiln").string(), "compile", "--local",
                                                example.string(), "--target", "ascend910b2", "--emit",
                                                "ascendc,pto", "-o", out.string()},
                                               {}, std::chrono::minutes(2));
      ASSERT_EQ(r.exit_code, 0) << name << ":\n" << r.err;
      std::map<std::string, std::string> files = filesIn(out);
      ASSERT_EQ(files.size(), 3u) << name;
      EXPECT_TRUE(files.count(name + ".cpp") && files.count(name + ".pto") && files.count("launch.json")) << name;
      if (run == 0) {
        first = std::move(files);
        continue;
      }
      EXPECT_TRUE(files == first) << name << ": the AscendC, PTO or launch.json differs between two processes";
    }
  }
  fs::remove_all(root);
}

}  // namespace
}  // namespace kiln
