// tool_identity: version parsing and hashing, stand-ins for the failure
// paths, and the real nvcc and ptxas under /usr/local/cuda.
#include "worker/toolchain/tools/tool_identity.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "tests/toolchain/toolchain_test_util.h"

namespace kiln::toolchain {
namespace {

constexpr const char *kNvccVersion =
    "nvcc: NVIDIA (R) Cuda compiler driver\n"
    "Copyright (c) 2005-2025 NVIDIA Corporation\n"
    "Built on Wed_Aug_20_01:58:59_PM_PDT_2025\n"
    "Cuda compilation tools, release 13.0, V13.0.88\n"
    "Build cuda_13.0.r13.0/compiler.36424714_0\n";

TEST(ToolIdentity, ParsesTheReleaseLine) {
  EXPECT_EQ(parseCudaToolVersion(kNvccVersion), "13.0.88");
  EXPECT_EQ(parseCudaToolVersion("Cuda compilation tools, release 12.4, V12.4.131"), "12.4.131");
  EXPECT_FALSE(parseCudaToolVersion("gcc (Debian 12.2.0-14) 12.2.0"));
  EXPECT_FALSE(parseCudaToolVersion("Cuda compilation tools, release 13.0, V"));
  EXPECT_FALSE(parseCudaToolVersion(""));
}

TEST(ToolIdentity, KeyNamesVersionAndHash) {
  ToolIdentity id{"nvcc", "/usr/local/cuda/bin/nvcc", "13.0.88", "ab12"};
  EXPECT_EQ(id.key(), "nvcc 13.0.88 sha256:ab12");
}

TEST(ToolIdentity, Sha256OfAKnownFile) {
  WorkDir dir = test::scratchDir();
  test::writeText(dir.file("abc"), "abc");
  EXPECT_EQ(sha256File(dir.file("abc")).hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  test::writeText(dir.file("empty"), "");
  EXPECT_EQ(sha256File(dir.file("empty")).hex,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  FileDigest missing = sha256File(dir.file("missing"));
  EXPECT_TRUE(missing.hex.empty());
  EXPECT_NE(missing.error.find("cannot open"), std::string::npos);
}

TEST(ToolIdentity, StandInWithTheRealVersionLineIsIdentified) {
  WorkDir dir = test::scratchDir();
  std::string path = test::writeStandIn(dir.path(), "nvcc", "Cuda compilation tools, release 13.0, V13.0.88");
  IdentityResult r = identifyTool("nvcc", path);
  ASSERT_TRUE(r.identity) << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
  EXPECT_EQ(r.identity->version, "13.0.88");
  EXPECT_EQ(r.identity->path, path);
  EXPECT_EQ(r.identity->sha256, sha256File(path).hex);
}

TEST(ToolIdentity, StandInWithoutAVersionIsADiagnostic) {
  WorkDir dir = test::scratchDir();
  std::string path = test::writeStandIn(dir.path(), "nvcc", "not a compiler");
  IdentityResult r = identifyTool("nvcc", path);
  EXPECT_FALSE(r.identity);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].tool, "nvcc");
  EXPECT_NE(r.diagnostics[0].message.find("cannot read the version"), std::string::npos);
  EXPECT_NE(r.diagnostics[0].message.find("not a compiler"), std::string::npos);
}

TEST(ToolIdentity, StandInThatHangsTimesOut) {
  WorkDir dir = test::scratchDir();
  std::string path = dir.file("nvcc");
  test::writeText(path, "#!/bin/sh\nsleep 100\n", 0755);
  IdentityConfig config;
  config.timeout = std::chrono::milliseconds(200);
  IdentityResult r = identifyTool("nvcc", path, config);
  EXPECT_FALSE(r.identity);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].message.find("timed out after 200 ms"), std::string::npos);
}

TEST(ToolIdentity, TheVersionProbeRunsSandboxed) {
  // Issue #13: the --version probe ran outside the sandbox, so a tool
  // found through a configured path could read anything kiln can.
  if (!probeBwrap("/usr/bin/bwrap").usable) GTEST_SKIP() << "bubblewrap is not usable here; the probe runs unsandboxed";
  WorkDir dir = test::scratchDir();
  std::string path = dir.file("nvcc");
  test::writeText(path, "#!/bin/sh\nhead -c 200 /etc/passwd; echo; echo x > /var/tmp/kiln-probe-escape-$$ && echo wrote\n", 0755);
  IdentityConfig config;
  config.sandbox.mode = SandboxMode::kAlways;
  IdentityResult r = identifyTool("nvcc", path, config);
  EXPECT_FALSE(r.identity);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message.find("root:"), std::string::npos) << r.diagnostics[0].message;
  EXPECT_EQ(r.diagnostics[0].message.find("wrote"), std::string::npos) << r.diagnostics[0].message;
}

// "13.0.88": three dot-separated numbers.
bool isVersion(const std::string &text) {
  int dots = 0;
  bool digit_before = false;
  for (char c : text) {
    if (c == '.') {
      if (!digit_before) return false;
      ++dots;
      digit_before = false;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      digit_before = true;
    } else {
      return false;
    }
  }
  return dots == 2 && digit_before;
}

bool isSha256Hex(const std::string &text) {
  return text.size() == 64 && std::all_of(text.begin(), text.end(), [](char c) {
           return std::isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
         });
}

void expectRealIdentity(const std::string &name) {
  IdentityResult r = identifyTool(name, std::string(test::kCudaBin) + "/" + name);
  ASSERT_TRUE(r.identity) << (r.diagnostics.empty() ? "" : r.diagnostics[0].message);
  const ToolIdentity &id = *r.identity;
  EXPECT_EQ(id.name, name);
  EXPECT_TRUE(isVersion(id.version)) << id.version;
  EXPECT_TRUE(isSha256Hex(id.sha256)) << id.sha256;
  EXPECT_EQ(id.key(), name + " " + id.version + " sha256:" + id.sha256);
  // Identity is part of cache keys: it must not change between calls.
  IdentityResult again = identifyTool(name, std::string(test::kCudaBin) + "/" + name);
  ASSERT_TRUE(again.identity);
  EXPECT_EQ(again.identity->key(), id.key());
}

TEST(ToolIdentity, RealNvcc) {
  KILN_REQUIRE_CUDA_TOOL("nvcc");
  expectRealIdentity("nvcc");
}

TEST(ToolIdentity, RealPtxas) {
  KILN_REQUIRE_CUDA_TOOL("ptxas");
  expectRealIdentity("ptxas");
}

}  // namespace
}  // namespace kiln::toolchain
