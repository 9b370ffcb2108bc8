// sandbox and work_dir: what a command inside bubblewrap can and cannot
// reach, the fallbacks of each mode, and the life of private work dirs.
#include "worker/toolchain/process/sandbox.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <sstream>

#include "tests/toolchain/toolchain_test_util.h"
#include "worker/toolchain/process/process_runner.h"
#include "worker/toolchain/process/work_dir.h"

namespace kiln::toolchain {
namespace {

bool exists(const std::string &path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0;
}

class BwrapSandbox : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::access(config_.bwrap_path.c_str(), X_OK) != 0)
      GTEST_SKIP() << "bubblewrap is not installed at " << config_.bwrap_path
                   << "; the sandbox tests need it";
    BwrapProbe probe = probeBwrap(config_.bwrap_path);
    ASSERT_TRUE(probe.usable) << "bwrap is installed but unusable: " << probe.reason;
    config_.mode = SandboxMode::kAlways;
    ASSERT_FALSE(dir_.path().empty());
  }

  ProcessResult run(const std::vector<std::string> &argv) {
    SandboxResult wrapped = sandboxCommand(config_, argv, dir_.path());
    EXPECT_TRUE(wrapped.command.has_value());
    if (!wrapped.command) return {};
    EXPECT_TRUE(wrapped.command->sandboxed);
    ProcessSpec spec;
    spec.argv = wrapped.command->argv;
    spec.env = wrapped.command->env;
    spec.working_directory = dir_.path();
    spec.timeout = std::chrono::seconds(30);
    return runProcess(spec);
  }

  ProcessResult shell(const std::string &script) { return run({"/bin/sh", "-c", script}); }

  SandboxConfig config_;
  WorkDir dir_ = test::scratchDir();
};

TEST_F(BwrapSandbox, CannotWriteOutsideItsWorkDir) {
  std::string name = "kiln-escape-test-" + std::to_string(::getpid());
  for (std::string dir : {"/root", "/usr", "/etc", "/var/tmp"}) {
    std::string target = dir + "/" + name;
    ProcessResult r = shell("echo x > " + target);
    EXPECT_NE(r.exit_code, 0) << target << " was writable inside the sandbox";
    EXPECT_FALSE(exists(target)) << target << " escaped the sandbox";
  }
  // /tmp inside is a private tmpfs: writable there, invisible here.
  ProcessResult r = shell("echo x > /tmp/" + name);
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_FALSE(exists("/tmp/" + name));
}

TEST_F(BwrapSandbox, WorkDirIsWritable) {
  ProcessResult r = shell("echo hello > out.txt && mkdir sub && echo deeper > sub/f");
  EXPECT_EQ(r.exit_code, 0) << r.stderr_text;
  EXPECT_EQ(test::readText(dir_.file("out.txt")), "hello\n");
  EXPECT_EQ(test::readText(dir_.file("sub/f")), "deeper\n");
}

TEST_F(BwrapSandbox, NetworkIsUnshared) {
  ProcessResult r = run({"/bin/cat", "/proc/net/dev"});
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  std::vector<std::string> interfaces;
  std::istringstream lines(r.stdout_text);
  for (std::string line; std::getline(lines, line);) {
    size_t colon = line.find(':');
    if (colon == std::string::npos || line.find('|') != std::string::npos) continue;
    std::string name = line.substr(0, colon);
    name.erase(0, name.find_first_not_of(' '));
    interfaces.push_back(name);
  }
  EXPECT_EQ(interfaces, std::vector<std::string>{"lo"}) << r.stdout_text;
}

TEST_F(BwrapSandbox, HostTmpIsHidden) {
  WorkDir other = test::scratchDir();
  test::writeText(other.file("secret"), "s3cret");
  ProcessResult r = run({"/bin/cat", other.file("secret")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text.find("s3cret"), std::string::npos);
}

TEST_F(BwrapSandbox, MaskedFilesCannotBeRead) {
  if (!exists("/etc/shadow")) GTEST_SKIP() << "no /etc/shadow on this host";
  ProcessResult r = run({"/bin/cat", "/etc/shadow"});
  EXPECT_EQ(r.stdout_text, "");
  EXPECT_EQ(r.stdout_text.find("root:"), std::string::npos);
}

TEST_F(BwrapSandbox, OfEtcOnlyTheLoadersFilesAreVisible) {
  // Issue #13: a kernel's #include "/etc/..." made nvcc echo the file; the
  // worker token lives in /etc/kiln in the shipped units.
  ProcessResult r = shell("cat /etc/passwd; ls /etc");
  EXPECT_EQ(r.stdout_text.find("root:"), std::string::npos) << r.stdout_text;
  EXPECT_EQ(r.stdout_text.find("kiln"), std::string::npos) << r.stdout_text;
  EXPECT_NE(r.stdout_text.find("ld.so.cache"), std::string::npos) << r.stdout_text;
}

TEST_F(BwrapSandbox, KilnsOwnFoldersAreMaskedEvenUnderAWiderBind) {
  // An operator may bind more (a folder holding a token file); a masked
  // folder under it stays hidden. (Not under /tmp: the sandbox's own /tmp
  // is a fresh tmpfs.)
  WorkDirResult made = createWorkDir("/var/tmp", "kiln-test-");
  ASSERT_TRUE(made.dir) << made.error->message;
  WorkDir shared = std::move(*made.dir);
  ::mkdir((shared.path() + "/secrets").c_str(), 0700);
  test::writeText(shared.file("secrets/worker.token"), "t0ken");
  test::writeText(shared.file("visible"), "fine");
  config_.read_only_binds.push_back(shared.path());
  config_.masked_paths.push_back(shared.path() + "/secrets");
  ProcessResult r = shell("cat " + shared.file("visible") + " " + shared.file("secrets/worker.token"));
  EXPECT_NE(r.stdout_text.find("fine"), std::string::npos) << r.stderr_text;
  EXPECT_EQ(r.stdout_text.find("t0ken"), std::string::npos);
  const std::vector<std::string> defaults = SandboxConfig{}.masked_paths;
  EXPECT_NE(std::find(defaults.begin(), defaults.end(), "/etc/kiln"), defaults.end());
}

TEST_F(BwrapSandbox, EnvironmentIsMinimal) {
  ProcessResult r = run({"/usr/bin/env"});
  std::vector<std::string> env;
  std::istringstream lines(r.stdout_text);
  for (std::string line; std::getline(lines, line);) env.push_back(line);
  std::sort(env.begin(), env.end());
  // PWD comes from bwrap's --chdir.
  std::vector<std::string> expected = {"HOME=" + dir_.path(), "LC_ALL=C", "PATH=/usr/bin:/bin",
                                       "PWD=" + dir_.path(), "TMPDIR=" + dir_.path()};
  EXPECT_EQ(env, expected);
}

TEST_F(BwrapSandbox, TimeoutKillsTheSandboxedProgram) {
  SandboxResult wrapped = sandboxCommand(config_, {"/bin/sleep", "100"}, dir_.path());
  ASSERT_TRUE(wrapped.command);
  ProcessSpec spec;
  spec.argv = wrapped.command->argv;
  spec.env = wrapped.command->env;
  spec.timeout = std::chrono::milliseconds(500);
  ProcessResult r = runProcess(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(r.wall_ms, 4000);
}

TEST(SandboxModes, NeverRunsTheCommandAsIs) {
  SandboxConfig config;
  config.mode = SandboxMode::kNever;
  SandboxResult r = sandboxCommand(config, {"/bin/true"}, "/tmp/kiln-x");
  ASSERT_TRUE(r.command);
  EXPECT_FALSE(r.command->sandboxed);
  EXPECT_EQ(r.command->argv, std::vector<std::string>{"/bin/true"});
  EXPECT_NE(r.command->fallback_reason.find("disabled"), std::string::npos);
  EXPECT_EQ(r.command->env,
            (std::vector<std::string>{"PATH=/usr/bin:/bin", "HOME=/tmp/kiln-x", "TMPDIR=/tmp/kiln-x",
                                      "LC_ALL=C"}));
}

TEST(SandboxModes, AutoFallsBackAndSaysWhyWhenBwrapIsMissing) {
  SandboxConfig config;
  config.bwrap_path = "/nonexistent/bwrap";
  SandboxResult r = sandboxCommand(config, {"/bin/true"}, "/tmp/kiln-x");
  ASSERT_TRUE(r.command);
  EXPECT_FALSE(r.command->sandboxed);
  EXPECT_EQ(r.command->argv, std::vector<std::string>{"/bin/true"});
  EXPECT_NE(r.command->fallback_reason.find("bwrap not found at '/nonexistent/bwrap'"), std::string::npos)
      << r.command->fallback_reason;
}

TEST(SandboxModes, AlwaysFailsWhenBwrapIsMissing) {
  SandboxConfig config;
  config.mode = SandboxMode::kAlways;
  config.bwrap_path = "/nonexistent/bwrap";
  SandboxResult r = sandboxCommand(config, {"/bin/true"}, "/tmp/kiln-x");
  EXPECT_FALSE(r.command);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].severity, Severity::kError);
  EXPECT_NE(r.diagnostics[0].message.find("sandbox required"), std::string::npos);
}

TEST(SandboxModes, RelativeWorkDirIsRejected) {
  SandboxResult r = sandboxCommand(SandboxConfig{}, {"/bin/true"}, "relative");
  EXPECT_FALSE(r.command);
  EXPECT_TRUE(hasErrors(r.diagnostics));
}

TEST(SandboxModes, ToolInstallRootUnderABindIsNotBoundTwice) {
  if (!probeBwrap("/usr/bin/bwrap").usable) GTEST_SKIP() << "bwrap not usable here";
  SandboxResult r = sandboxCommand(SandboxConfig{}, {"/usr/bin/true"}, "/tmp/kiln-x", {"/usr/lib"});
  ASSERT_TRUE(r.command);
  EXPECT_EQ(std::count(r.command->argv.begin(), r.command->argv.end(), "/usr/lib"), 0);
}

TEST(WorkDirs, AreCreatedPrivateAndRemovedWithTheirContents) {
  WorkDir root = test::scratchDir();
  std::string path;
  {
    WorkDirResult created = createWorkDir(root.path(), "job-");
    ASSERT_TRUE(created.dir) << created.error->message;
    path = created.dir->path();
    EXPECT_EQ(path.rfind(root.path() + "/job-", 0), 0u) << path;
    struct stat st;
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);
    ::mkdir(created.dir->file("locked").c_str(), 0700);
    test::writeText(created.dir->file("locked/f"), "x");
    ::chmod(created.dir->file("locked").c_str(), 0);
    ::symlink("/etc", created.dir->file("link").c_str());
  }
  EXPECT_FALSE(exists(path));
  EXPECT_TRUE(exists("/etc/hostname") || exists("/etc/passwd"));  // the symlink was not followed
}

TEST(WorkDirs, MoveTransfersOwnership) {
  WorkDir a = test::scratchDir();
  std::string path = a.path();
  WorkDir b = std::move(a);
  EXPECT_EQ(b.path(), path);
  EXPECT_TRUE(a.path().empty());
  EXPECT_TRUE(exists(path));
}

TEST(WorkDirs, UnusableRootIsADiagnostic) {
  WorkDirResult created = createWorkDir("/proc/kiln-cannot-be-here");
  EXPECT_FALSE(created.dir);
  ASSERT_TRUE(created.error);
  EXPECT_NE(created.error->message.find("/proc/kiln-cannot-be-here"), std::string::npos);
}

}  // namespace
}  // namespace kiln::toolchain
