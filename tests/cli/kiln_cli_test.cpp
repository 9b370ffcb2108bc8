// The kiln binary as users run it: exit codes, help, diagnostics on stderr,
// JSON on stdout, and hostile files that must not crash or hang it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

using test::runProcess;

std::string kiln() { return (test::binDir() / "kiln").string(); }

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/kiln-cli-test-XXXXXX";
    path_ = mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string write(const std::string &name, const std::string &text) const {
    auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

 private:
  std::filesystem::path path_;
};

std::vector<std::string> exampleArgs() {
  std::vector<std::string> args;
  for (const auto &f : test::allExamples()) args.push_back(f.string());
  return args;
}

TEST(KilnCli, HelpListsCommandsAndExitsZero) {
  auto r = runProcess({kiln(), "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("verify"), std::string::npos);
  EXPECT_NE(r.out.find("digest"), std::string::npos);
  for (const char *command : {"verify", "digest"}) {
    auto sub = runProcess({kiln(), command, "--help"});
    EXPECT_EQ(sub.exit_code, 0) << command;
    EXPECT_NE(sub.out.find("--json"), std::string::npos) << command;
  }
}

TEST(KilnCli, UsageErrorsExitTwo) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {}, {"frobnicate"}, {"verify"}, {"verify", "--bogus", "x.mlir"}, {"digest"}}) {
    args.insert(args.begin(), kiln());
    auto r = runProcess(args);
    EXPECT_EQ(r.exit_code, 2) << args.size();
    EXPECT_FALSE(r.err.empty());
  }
}

TEST(KilnCli, VerifyAcceptsEveryExampleSilently) {
  auto args = exampleArgs();
  args.insert(args.begin(), {kiln(), "verify"});
  auto r = runProcess(args);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "");
}

TEST(KilnCli, VerifyReportsCompilerStyleErrorsWithCaret) {
  TempDir dir;
  std::string file = dir.write("bad.mlir", R"(func.func @k(%m: memref<100xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {
  %c0 = arith.constant 0 : index
  %t = tile.load %m[%c0] : memref<100xf32> -> !tile.tile<1x64xf32>
  return
}
)");
  auto r = runProcess({kiln(), "verify", file});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find(file + ":3:8: error: 'tile.load' op tile shape 1x64 does not divide memref shape 100"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("  %t = tile.load %m[%c0]"), std::string::npos);
  EXPECT_NE(r.err.find("\n         ^\n"), std::string::npos) << r.err;
}

TEST(KilnCli, VerifyChecksEveryFileAndFailsIfAnyFails) {
  TempDir dir;
  std::string bad = dir.write("bad.mlir", "func.func @k() {\n  return\n}\n");
  std::string good = test::allExamples().front().string();
  auto r = runProcess({kiln(), "verify", "-v", bad, good});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad + ":1:1: error: module defines no function marked tile.kernel"), std::string::npos);
  EXPECT_NE(r.out.find(good + ": ok"), std::string::npos);
}

TEST(KilnCli, VerifyJsonReport) {
  TempDir dir;
  std::string bad = dir.write("bad.mlir", "func.func @k(\n");
  std::string good = test::allExamples().front().string();
  auto r = runProcess({kiln(), "verify", "--json", good, bad});
  EXPECT_EQ(r.exit_code, 1);
  auto report = nlohmann::json::parse(r.out);
  EXPECT_FALSE(report["valid"].get<bool>());
  ASSERT_EQ(report["files"].size(), 2u);
  EXPECT_TRUE(report["files"][0]["valid"].get<bool>());
  EXPECT_FALSE(report["files"][0]["kernels"].empty());
  EXPECT_FALSE(report["files"][1]["valid"].get<bool>());
  const auto &diag = report["files"][1]["diagnostics"][0];
  EXPECT_EQ(diag["severity"], "error");
  EXPECT_EQ(diag["file"], bad);
  EXPECT_EQ(diag["line"], 1);
  EXPECT_EQ(diag["column"], 14);
  EXPECT_EQ(diag["message"], "expected non-function type");
}

TEST(KilnCli, MissingFileAndDirectoryAreClearErrors) {
  auto r = runProcess({kiln(), "verify", "/nonexistent/x.mlir"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "/nonexistent/x.mlir: error: no such file\n");
  auto d = runProcess({kiln(), "verify", "/tmp"});
  EXPECT_EQ(d.exit_code, 1);
  EXPECT_NE(d.err.find("is a directory"), std::string::npos);
}

TEST(KilnCli, DigestPrintsHexAndJson) {
  std::string file = test::allExamples().front().string();
  auto r = runProcess({kiln(), "digest", file});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(std::regex_match(r.out, std::regex("[0-9a-f]{64}\n"))) << r.out;
  auto j = runProcess({kiln(), "digest", "--json", file});
  auto out = nlohmann::json::parse(j.out);
  EXPECT_EQ(out["digest"].get<std::string>() + "\n", r.out);
  EXPECT_EQ(out["version"], "kiln.ir.v1");
  auto stdinRun = runProcess({kiln(), "digest", "-"}, test::readFile(file));
  EXPECT_EQ(stdinRun.out, r.out);
}

TEST(KilnCli, HostileFilesFailCleanly) {
  TempDir dir;
  std::string junk;
  while (junk.size() < (10u << 20)) junk += "\x7f\x45\x4c\x46 garbage ((( ";
  std::string nested = "func.func @k() {\n";
  for (int i = 0; i < 200000; ++i) nested += "scf.execute_region {";
  std::string binary;
  for (int i = 0; i < 65536; ++i) binary += static_cast<char>((i * 7919) & 0xff);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"empty.mlir", ""}, {"junk.mlir", junk}, {"nested.mlir", nested}, {"binary.mlir", binary},
      {"truncated.mlir", "func.func @k(%m: memref<64xf32>) attributes {tile.kernel, tile.grid = array<i64: 1>} {\n  %c0 = arith.cons"}};
  for (const auto &[name, text] : cases) {
    std::string file = dir.write(name, text);
    auto r = runProcess({kiln(), "verify", file}, {}, std::chrono::seconds(60));
    EXPECT_FALSE(r.timed_out) << name;
    EXPECT_EQ(r.signal, 0) << name;
    EXPECT_EQ(r.exit_code, 1) << name;
    EXPECT_EQ(r.err.rfind(file + ":", 0), 0u) << name << ": " << r.err.substr(0, 300);
    EXPECT_NE(r.err.find(": error: "), std::string::npos) << name;
  }
}

}  // namespace
}  // namespace kiln
