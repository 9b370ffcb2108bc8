// How the compile job fails: unknown targets, missing or slow toolchains,
// unsupported requests, invalid IR -- always a clear diagnostic, never an
// artifact that no tool produced.
#include <gtest/gtest.h>

#include "tests/support/test_files.h"
#include "worker/backends/nvidia/nvidia_compile.h"

namespace kiln {
namespace {

CompileRequest vecAdd() {
  CompileRequest request;
  auto file = std::filesystem::path(KILN_SHARED_DIR_HINT) / "vec_add.mlir";
  request.source = {"vec_add.mlir", test::readFile(file)};
  return request;
}

TEST(CompileErrors, UnknownTargetListsTheKnownOnes) {
  CompileRequest request = vecAdd();
  request.target = "sm_70";
  CompileResult result = nvidia::compile(request, nvidia::Toolchains::discover({}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.diagnostics[0].message,
            "unknown target 'sm_70'; kiln compiles for sm_75 sm_80 sm_86 sm_89 sm_90 sm_100 sm_120");
  EXPECT_TRUE(result.artifacts.empty());
}

TEST(CompileErrors, MissingNvccSaysWhereItLooked) {
  nvidia::Config config;
  toolchain::ToolSearch nowhere;
  nowhere.path = "/nonexistent/bin";
  nowhere.standard_dirs = {"/nonexistent/cuda/bin"};
  config.nvcc.search = nowhere;
  config.ptxas.search = nowhere;
  CompileRequest request = vecAdd();
  request.via = CompilePath::kNvcc;
  CompileResult result = nvidia::compile(request, nvidia::Toolchains::discover(config));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(formatHeadline(result.diagnostics.back()),
            "nvcc: error: nvcc not found (searched: /nonexistent/bin, /nonexistent/cuda/bin)");
  request.via = CompilePath::kBuiltin;
  result = nvidia::compile(request, nvidia::Toolchains::discover(config));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.diagnostics.back().message.find("ptxas not found (searched: "), std::string::npos);
  EXPECT_TRUE(result.artifacts.empty());
}

TEST(CompileErrors, ToolchainTimeoutIsReportedAsATimeout) {
  nvidia::Config config;
  config.nvcc.timeout = std::chrono::milliseconds(1);
  nvidia::Toolchains env = nvidia::Toolchains::discover(config);
  if (!env.nvcc()) GTEST_SKIP() << "nvcc is not installed under /usr/local/cuda";
  CompileRequest request = vecAdd();
  request.via = CompilePath::kNvcc;
  CompileResult result = nvidia::compile(request, env);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.diagnostics.back().message.find("timed out after 1 ms"), std::string::npos)
      << formatHeadline(result.diagnostics.back());
  EXPECT_TRUE(result.artifacts.empty());
}

TEST(CompileErrors, BuiltinFatbinIsRefusedWithAWayOut) {
  CompileRequest request = vecAdd();
  request.emit = {Emit::kFatbin};
  CompileResult result = nvidia::compile(request, nvidia::Toolchains::discover({}));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.diagnostics.back().message.find("--via nvcc"), std::string::npos);
}

TEST(CompileErrors, InvalidIRStopsAtTheFrontEnd) {
  CompileRequest request;
  request.source = {"bad.mlir", "func.func @k() attributes {tile.kernel, tile.grid = array<i64: 0>} {\n  return\n}\n"};
  CompileResult result = nvidia::compile(request, nvidia::Toolchains::discover({}));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(formatHeadline(result.diagnostics[0]),
            "bad.mlir:1:1: error: grid extent 0 along dimension 0 must be positive");
}

TEST(CompileErrors, HostileSourceNamesBecomeSafeArtifactNames) {
  nvidia::Toolchains env = nvidia::Toolchains::discover({});
  if (!env.ptxas()) GTEST_SKIP() << "ptxas is not installed under /usr/local/cuda";
  CompileRequest request = vecAdd();
  request.source.name = "../../etc/passwd; rm -rf $HOME.mlir";
  CompileResult result = nvidia::compile(request, env);
  ASSERT_TRUE(result.ok());
  for (const Artifact &a : result.artifacts) {
    EXPECT_EQ(a.name.find('/'), std::string::npos) << a.name;
    EXPECT_EQ(a.name.find(' '), std::string::npos) << a.name;
    EXPECT_EQ(a.name.find('$'), std::string::npos) << a.name;
  }
}

TEST(CompileErrors, NvccSeesOnlyKilnsOwnFlags) {
  // The argument list is a function of arch and emit kind alone.
  auto args = nvidia::NvccDriver::arguments("sm_90", Emit::kCubin);
  for (const std::string &a : args) EXPECT_EQ(a.find(';'), std::string::npos);
  EXPECT_NE(std::find(args.begin(), args.end(), "kernel.cu"), args.end());
}

}  // namespace
}  // namespace kiln
