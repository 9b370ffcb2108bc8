// Issue #13, finding 3: kernel names, location names and the source name
// were pasted into the generated CUDA C, so a name holding
// `\n#include "/etc/passwd"\n` made nvcc read the file. Names are verified
// C identifiers now; everything else the request controls reaches the CUDA
// C only as plain characters inside a comment.
#include <gtest/gtest.h>

#include "tests/support/test_files.h"
#include "worker/backends/nvidia/nvidia_compile.h"

namespace kiln {
namespace {

const nvidia::Toolchains &environment() {
  static const nvidia::Toolchains env = nvidia::Toolchains::discover(nvidia::Config{});
  return env;
}

TEST(GeneratedSourceInjection, SourceAndLocationNamesStayInsideComments) {
  if (!environment().nvcc()) GTEST_SKIP() << "nvcc is not installed: " << formatHeadline(environment().nvccMissing().at(0));
  const std::string evil = "x\\n#include \\\"/etc/passwd\\\"\\n//";
  std::string text =
      "func.func @k(%x: memref<4096xf32>) attributes {tile.kernel, tile.grid = array<i64: 16>} {\n"
      "  %i = tile.program_id 0 : index\n"
      "  %a = tile.load %x[%i] : memref<4096xf32> -> !tile.tile<1x256xf32> loc(\"" + evil + "\"(\"" + evil +
      "\":3:7))\n"
      "  %b = tile.add %a, %a : !tile.tile<1x256xf32> loc(\"a\\\\\"(\"f.mlir\":4:1))\n"
      "  tile.store %b, %x[%i] : !tile.tile<1x256xf32>, memref<4096xf32>\n"
      "  return\n}\n";
  CompileRequest request;
  request.source = {"k\n#include \"/etc/passwd\"\n.mlir", text};
  request.target = "sm_90";
  request.via = CompilePath::kNvcc;
  request.emit = {Emit::kCuda, Emit::kCubin};
  CompileResult result = nvidia::compile(request, environment());
  ASSERT_TRUE(result.ok()) << formatHeadline(result.diagnostics.at(0));
  std::string cuda;
  for (const Artifact &a : result.artifacts) {
    EXPECT_EQ(a.name.find('/'), std::string::npos) << a.name;
    EXPECT_EQ(a.name.find('\n'), std::string::npos) << a.name;
    if (a.kind == "cuda") cuda = a.bytes;
  }
  ASSERT_FALSE(cuda.empty());
  // The names did reach the source, as comments: the test is not vacuous.
  EXPECT_NE(cuda.find("// tile.load at x_#include _/etc/passwd__//:3:7\n"), std::string::npos) << cuda;
  EXPECT_EQ(cuda.find("/etc/passwd\""), std::string::npos) << cuda;
  EXPECT_EQ(cuda.find("#include \""), std::string::npos) << cuda;
  // No comment ends in a backslash, which would swallow the next line.
  EXPECT_EQ(cuda.find("\\\n"), std::string::npos) << cuda;
  for (const Diagnostic &d : result.diagnostics) EXPECT_EQ(d.message.find("root:"), std::string::npos) << d.message;
}

}  // namespace
}  // namespace kiln
