// BishengDriver's command-line contract, checked with kiln's bisheng
// STAND-IN (standin/bisheng-standin.sh) in fake CANN trees. The stand-in
// compiles nothing: it checks the argv it is given (inside the sandbox, so
// the -I dirs it sees prove the CANN home is visible there), and writes a
// kernel.o whose bytes say "STAND-IN OUTPUT", or prints clang-style errors
// its input asks for, so parsing and mapping run end to end. No test here
// is evidence that any kernel compiles.
#include <dirent.h>
#include <gtest/gtest.h>

#include "tests/backends/ascend/toolchain/fake_cann.h"
#include "worker/backends/ascend/toolchain/bisheng_driver.h"

namespace kiln::ascend {
namespace {

using toolchain::ToolRun;
using toolchain::WorkDir;

constexpr const char *kStandInMarker = "KILN TEST STAND-IN OUTPUT";

std::string allText(const std::vector<Diagnostic> &diagnostics) {
  std::string text;
  for (const Diagnostic &d : diagnostics) text += formatDiagnostic(d);
  return text;
}

size_t entriesIn(const std::string &dir) {
  size_t count = 0;
  if (DIR *d = ::opendir(dir.c_str())) {
    while (dirent *e = ::readdir(d))
      if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") ++count;
    ::closedir(d);
  }
  return count;
}

const std::vector<std::string> kBackendOptions = {
    "-mllvm", "-cce-aicore-stack-size=0x8000",    "-mllvm", "-cce-aicore-function-stack-size=0x8000",
    "-mllvm", "-cce-aicore-record-overflow=true", "-mllvm", "-cce-aicore-addr-transform",
    "-mllvm", "-cce-aicore-dcci-insert-for-scalar=false"};

std::vector<std::string> concat(std::vector<std::vector<std::string>> parts) {
  std::vector<std::string> out;
  for (auto &part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

class BishengStandInContract : public ::testing::Test {
 protected:
  // A fake CANN home in `bin_dir`'s layout, with AscendC and pto-isa
  // header dirs, and the stand-in as its bisheng.
  void useLayout(const std::string &bin_dir) {
    home_ = test::makeDirs(tree_.file("cann"));
    test::addCann8Headers(home_);
    test::installStandIn(home_ + "/" + bin_dir, "bisheng", test::kBishengStandIn);
    config_ = defaultBishengConfig();
    config_.search = bishengSearch({home_, "", "", ""});
    config_.search->standard_dirs = {};
    config_.sandbox.work_root = work_root_.path();
    BishengDiscovery found = BishengDriver::discover(config_);
    ASSERT_TRUE(found.driver) << allText(found.diagnostics);
    driver_.emplace(std::move(*found.driver));
    bwrap_usable_ = toolchain::probeBwrap(config_.sandbox.bwrap_path).usable;
  }
  void SetUp() override { useLayout("compiler/ccec_compiler/bin"); }

  std::vector<std::string> includes() const {
    return {"-I" + home_ + "/compiler/tikcpp", "-I" + home_ + "/compiler/tikcpp/tikcfw",
            "-I" + home_ + "/compiler/tikcpp/tikcfw/interface",
            "-I" + home_ + "/compiler/tikcpp/tikcfw/impl", "-I" + home_ + "/include"};
  }

  ToolRun compile(const std::string &source, const AscendTarget &target, CoreKind core = CoreKind::kVector,
                  bool from_ptoas = false) {
    return driver_->compile({source, &target, core, from_ptoas});
  }

  WorkDir tree_ = toolchain::test::scratchDir();
  WorkDir work_root_ = toolchain::test::scratchDir();
  std::string home_;
  BishengConfig config_;
  std::optional<BishengDriver> driver_;
  bool bwrap_usable_ = false;
  AscendTarget b2_ = test::target("ascend910b2");
};

TEST_F(BishengStandInContract, Cann8VectorArgumentsComeFromTheFlagTable) {
  std::vector<std::string> expected = concat({{"-xcce", "--cce-aicore-arch=dav-c220-vec", "--cce-aicore-only", "-O2",
                                               "-std=c++17"},
                                              kBackendOptions,
                                              includes(),
                                              {"-c", "kernel.cpp", "-o", "kernel.o"}});
  EXPECT_EQ(driver_->arguments({"", &b2_, CoreKind::kVector, false}), expected);
  ToolRun r = compile("// any text: the stand-in reads none of it\n", b2_);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics) << r.output;
  EXPECT_EQ(r.argv, concat({{driver_->identity().path}, expected}));
  // The stand-in's own bytes, naming the argv it saw inside the sandbox.
  EXPECT_EQ(r.artifact.rfind(kStandInMarker, 0), 0u) << r.artifact;
  EXPECT_NE(r.artifact.find("--cce-aicore-arch=dav-c220-vec"), std::string::npos) << r.artifact;
  EXPECT_EQ(r.sandboxed, bwrap_usable_) << r.sandbox_note;
  if (r.sandboxed) EXPECT_EQ(r.launched_argv.front(), config_.sandbox.bwrap_path);
  EXPECT_EQ(r.identity.key(), driver_->identity().key());
}

TEST_F(BishengStandInContract, CubeKernelsGetTheCubeArch) {
  ToolRun r = compile("\n", b2_, CoreKind::kCube);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  ASSERT_GE(r.argv.size(), 3u);
  EXPECT_EQ(r.argv[2], "--cce-aicore-arch=dav-c220-cube");
}

TEST_F(BishengStandInContract, Ascend310pAddsItsExtraFlags) {
  AscendTarget p = test::target("ascend310p3");
  std::vector<std::string> expected = concat({{"-xcce", "--cce-aicore-arch=dav-m200-vec", "--cce-aicore-only", "-O2",
                                               "-std=c++17"},
                                              kBackendOptions,
                                              {"-D__ENABLE_VECTOR_CORE__", "--cce-mask-opt", "-mllvm",
                                               "-cce-aicore-fp-ceiling=2"},
                                              includes(),
                                              {"-c", "kernel.cpp", "-o", "kernel.o"}});
  ToolRun r = compile("\n", p);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  EXPECT_EQ(std::vector<std::string>(r.argv.begin() + 1, r.argv.end()), expected);
}

TEST_F(BishengStandInContract, PtoasOutputGetsPtoIsaHeadersAndItsArchMacro) {
  ToolRun a3 = compile("\n", b2_, CoreKind::kVector, true);
  ASSERT_TRUE(a3.ok()) << allText(a3.diagnostics);
  std::vector<std::string> expected = concat({{"-xcce", "--cce-aicore-arch=dav-c220-vec", "--cce-aicore-only", "-O2",
                                               "-std=c++17"},
                                              kBackendOptions,
                                              {"-DMEMORY_BASE", "-I" + home_ + "/include"},
                                              {"-I" + home_ + "/compiler/tikcpp", "-I" + home_ + "/compiler/tikcpp/tikcfw",
                                               "-I" + home_ + "/compiler/tikcpp/tikcfw/interface",
                                               "-I" + home_ + "/compiler/tikcpp/tikcfw/impl"},
                                              {"-c", "kernel.cpp", "-o", "kernel.o"}});
  EXPECT_EQ(std::vector<std::string>(a3.argv.begin() + 1, a3.argv.end()), expected);
  AscendTarget a5 = test::target("ascend950");
  ToolRun r = compile("\n", a5, CoreKind::kVector, true);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  EXPECT_NE(std::find(r.argv.begin(), r.argv.end(), "-DREGISTER_BASE"), r.argv.end());
  EXPECT_NE(std::find(r.argv.begin(), r.argv.end(), "--cce-aicore-arch=dav-c310"), r.argv.end());
}

TEST_F(BishengStandInContract, PtoasOutputForATargetWithoutPtoArchIsRefused) {
  AscendTarget p = test::target("ascend310p3");
  ToolRun r = compile("\n", p, CoreKind::kVector, true);
  EXPECT_TRUE(r.argv.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].message, "target ascend310p3 has no PTO arch pto-isa's headers know (a3 or a5)");
}

TEST_F(BishengStandInContract, PtoasOutputWithoutPtoIsaHeadersIsRefused) {
  std::filesystem::remove_all(home_ + "/include/pto");
  // Discovery records what the home has, so discover again.
  BishengDiscovery found = BishengDriver::discover(config_);
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  ToolRun r = found.driver->compile({"\n", &b2_, CoreKind::kVector, true});
  EXPECT_TRUE(r.argv.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].message.find("pto/pto-inst.hpp"), std::string::npos) << r.diagnostics[0].message;
  // AscendC needs no pto-isa: still runs.
  EXPECT_TRUE(found.driver->compile({"\n", &b2_, CoreKind::kVector, false}).ok());
}

TEST_F(BishengStandInContract, Cann9LayoutUsesNpuArch) {
  std::filesystem::remove_all(tree_.file("cann"));
  useLayout("tools/bisheng_compiler/bin");
  ASSERT_EQ(driver_->install().layout, CannLayout::kCann9);
  std::vector<std::string> expected = concat({{"-xcce", "--npu-arch=dav-2201", "--cce-aicore-only", "-O2", "-std=c++17"},
                                              includes(),
                                              {"-c", "kernel.cpp", "-o", "kernel.o"}});
  ToolRun r = compile("\n", b2_, CoreKind::kCube);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  EXPECT_EQ(std::vector<std::string>(r.argv.begin() + 1, r.argv.end()), expected);
}

TEST_F(BishengStandInContract, Cann85LayoutUsesThe8xForm) {
  std::filesystem::remove_all(tree_.file("cann"));
  useLayout(std::string(hostCannArchDir()) + "/ccec_compiler/bin");
  ToolRun r = compile("\n", b2_);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  EXPECT_EQ(r.argv[2], "--cce-aicore-arch=dav-c220-vec");
}

TEST_F(BishengStandInContract, StandInErrorsAreParsedAndMappedToTheMlir) {
  // Lines 1-2 come before any marker; line 4 is the first op's.
  std::string source =
      "#include \"kernel_operator.h\"\n"
      "int before; // STANDIN-ERROR: unknown type name 'before'\n"
      "// @kiln.loc add.mlir:7:3\n"
      "  AscendC::Add(z, x, q, n); // STANDIN-ERROR: use of undeclared identifier 'q'\n"
      "// @kiln.loc add.mlir:9:5\n"
      "  int unused; // STANDIN-WARNING: unused variable 'unused'\n";
  ToolRun r = compile(source, b2_);
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.artifact.empty());
  ASSERT_EQ(r.diagnostics.size(), 3u) << allText(r.diagnostics);
  const Diagnostic &unmapped = r.diagnostics[0];
  EXPECT_EQ(unmapped.file, "kernel.cpp");
  EXPECT_EQ(unmapped.line, 2u);
  EXPECT_EQ(unmapped.message, "unknown type name 'before'");
  EXPECT_TRUE(unmapped.notes.empty());
  const Diagnostic &mapped = r.diagnostics[1];
  EXPECT_EQ(mapped.severity, Severity::kError);
  EXPECT_EQ(mapped.tool, "bisheng");
  EXPECT_EQ(mapped.file, "add.mlir");
  EXPECT_EQ(mapped.line, 7u);
  EXPECT_EQ(mapped.column, 3u);
  EXPECT_EQ(mapped.message, "use of undeclared identifier 'q'");
  ASSERT_EQ(mapped.notes.size(), 1u);
  EXPECT_EQ(mapped.notes[0].file, "kernel.cpp");
  EXPECT_EQ(mapped.notes[0].line, 4u);
  EXPECT_EQ(mapped.notes[0].column, 32u);
  EXPECT_EQ(mapped.notes[0].message, kGeneratedPlaceNote);
  EXPECT_EQ(r.diagnostics[2].severity, Severity::kWarning);
  EXPECT_EQ(r.diagnostics[2].file, "add.mlir");
  EXPECT_EQ(r.diagnostics[2].line, 9u);
  // Mapping again (the backend does) changes nothing.
  EXPECT_EQ(allText(mapToSource(r.diagnostics, source)), allText(r.diagnostics));
  EXPECT_EQ(allText(r.diagnostics).find(work_root_.path()), std::string::npos) << allText(r.diagnostics);
}

TEST_F(BishengStandInContract, WarningsComeWithTheArtifact) {
  ToolRun r = compile("int unused; // STANDIN-WARNING: unused variable 'unused'\n", b2_);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  ASSERT_EQ(r.diagnostics.size(), 1u) << allText(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kWarning);
  EXPECT_EQ(r.diagnostics[0].line, 1u);
  EXPECT_EQ(r.artifact.rfind(kStandInMarker, 0), 0u);
}

TEST_F(BishengStandInContract, HostileTargetsNeverReachArgv) {
  std::vector<AscendTarget> hostile;
  auto with = [&](auto change) {
    AscendTarget t = b2_;
    change(t);
    hostile.push_back(t);
  };
  with([](AscendTarget &t) { t.name = "ascend910b2; rm -rf /"; });
  with([](AscendTarget &t) { t.name = "ascend 910b2"; });
  with([](AscendTarget &t) { t.name = ""; });
  with([](AscendTarget &t) { t.vector_arch = "dav-c220-vec -o /etc/passwd"; });
  with([](AscendTarget &t) { t.vector_arch = "dav-c220-vec;id"; });
  with([](AscendTarget &t) { t.soc_version = "Ascend910B2$(id)"; });
  with([](AscendTarget &t) { t.extra_bisheng_flags = {"-o", "/etc/passwd"}; });
  with([](AscendTarget &t) { t.extra_bisheng_flags = {"-I/etc"}; });
  with([](AscendTarget &t) { t.extra_bisheng_flags = {"-include/etc/shadow"}; });
  with([](AscendTarget &t) { t.extra_bisheng_flags = {"-mllvm", "-load=/tmp/x.so"}; });
  with([](AscendTarget &t) { t.extra_bisheng_flags = {"-mllvm"}; });
  with([](AscendTarget &t) { t.extra_bisheng_flags = {"--cce-soc-version=Ascend910B2 -o x"}; });
  with([](AscendTarget &t) { t.extra_bisheng_flags = {"-DX=$(id)"}; });
  with([](AscendTarget &t) { t.vector_arch = ""; });
  for (const AscendTarget &t : hostile) {
    SCOPED_TRACE(t.name + " / " + t.vector_arch);
    EXPECT_TRUE(driver_->arguments({"\n", &t, CoreKind::kVector, false}).empty());
    ToolRun r = compile("\n", t);
    EXPECT_TRUE(r.artifact.empty());
    ASSERT_EQ(r.diagnostics.size(), 1u) << allText(r.diagnostics);
    EXPECT_EQ(r.diagnostics[0].severity, Severity::kError);
    EXPECT_EQ(r.diagnostics[0].tool, "bisheng");
    EXPECT_TRUE(r.argv.empty());
    EXPECT_TRUE(r.launched_argv.empty());
    EXPECT_EQ(r.wall_ms, 0);
  }
  ToolRun none = driver_->compile({"\n", nullptr, CoreKind::kVector, false});
  EXPECT_TRUE(none.argv.empty());
  EXPECT_TRUE(hasErrors(none.diagnostics));
  EXPECT_EQ(entriesIn(work_root_.path()), 0u);
}

TEST_F(BishengStandInContract, TimeoutIsReportedAndTheWorkDirRemoved) {
  BishengConfig config = config_;
  config.timeout = std::chrono::milliseconds(300);
  BishengDiscovery found = BishengDriver::discover(config);
  ASSERT_TRUE(found.driver) << allText(found.diagnostics);
  ToolRun r = found.driver->compile({"// STANDIN-HANG\n", &b2_, CoreKind::kVector, false});
  EXPECT_TRUE(r.artifact.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u) << allText(r.diagnostics);
  EXPECT_EQ(r.diagnostics[0].message, "bisheng timed out after 300 ms");
  EXPECT_EQ(entriesIn(work_root_.path()), 0u);
}

TEST_F(BishengStandInContract, OversizedSourceIsRejectedBeforeRunning) {
  BishengConfig config = config_;
  config.max_input_bytes = 4;
  BishengDiscovery found = BishengDriver::discover(config);
  ASSERT_TRUE(found.driver);
  ToolRun r = found.driver->compile({"0123456789", &b2_, CoreKind::kVector, false});
  EXPECT_TRUE(r.argv.empty());
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_NE(r.diagnostics[0].message.find("over the limit"), std::string::npos);
}

TEST_F(BishengStandInContract, TheCannHomeIsBoundReadOnlyInsideTheSandbox) {
  if (!bwrap_usable_) GTEST_SKIP() << "bwrap is not usable here, so the stand-in would run unsandboxed";
  // The stand-in checked that every -I dir under the home exists inside
  // the sandbox; this is how it got there.
  ToolRun r = compile("\n", b2_);
  ASSERT_TRUE(r.ok()) << allText(r.diagnostics);
  bool bound = false;
  for (size_t i = 0; i + 2 < r.launched_argv.size(); ++i)
    bound = bound || (r.launched_argv[i] == "--ro-bind" && r.launched_argv[i + 1] == home_ &&
                      r.launched_argv[i + 2] == home_);
  EXPECT_TRUE(bound);
  // Writable only the work dir: the home is never --bind'ed.
  for (size_t i = 0; i + 1 < r.launched_argv.size(); ++i)
    if (r.launched_argv[i] == "--bind") EXPECT_NE(r.launched_argv[i + 1], home_);
}

}  // namespace
}  // namespace kiln::ascend
