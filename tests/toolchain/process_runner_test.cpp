// process_runner: exit status, captured and capped output, the timeout that
// takes down a whole process group, rlimits, and an explicit environment.
#include "worker/toolchain/process/process_runner.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/toolchain/toolchain_test_util.h"

namespace kiln::toolchain {
namespace {

ProcessSpec shell(const std::string &script) {
  ProcessSpec spec;
  spec.argv = {"/bin/sh", "-c", script};
  spec.env = {"PATH=/usr/bin:/bin"};
  spec.timeout = std::chrono::seconds(30);
  return spec;
}

// State letter from /proc/<pid>/stat, or 0 once the process is gone.
char processState(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  size_t paren = stat.rfind(')');
  return paren == std::string::npos || paren + 2 >= stat.size() ? 0 : stat[paren + 2];
}

TEST(ProcessRunner, ReportsExitCode) {
  ProcessResult r = runProcess(shell("exit 3"));
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.term_signal, 0);
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(r.spawn_error.empty());
  EXPECT_FALSE(r.succeeded());
  EXPECT_TRUE(runProcess(shell("exit 0")).succeeded());
}

TEST(ProcessRunner, CapturesStdoutAndStderrSeparately) {
  ProcessResult r = runProcess(shell("echo to-out; echo to-err >&2"));
  EXPECT_EQ(r.stdout_text, "to-out\n");
  EXPECT_EQ(r.stderr_text, "to-err\n");
  EXPECT_FALSE(r.stdout_truncated);
  EXPECT_FALSE(r.stderr_truncated);
}

TEST(ProcessRunner, OutputCapTruncatesAndFlagsButLetsTheProgramFinish) {
  ProcessSpec spec = shell("head -c 3000000 /dev/zero; echo done >&2; exit 4");
  spec.max_stdout_bytes = 1000;
  ProcessResult r = runProcess(spec);
  EXPECT_EQ(r.stdout_text.size(), 1000u);
  EXPECT_TRUE(r.stdout_truncated);
  EXPECT_FALSE(r.stderr_truncated);
  EXPECT_EQ(r.stderr_text, "done\n");
  EXPECT_EQ(r.exit_code, 4);
}

TEST(ProcessRunner, LargeOutputOnBothPipesDoesNotDeadlock) {
  ProcessSpec spec =
      shell("head -c 5000000 /dev/zero; head -c 5000000 /dev/zero >&2; head -c 70000 /dev/zero");
  spec.max_stdout_bytes = spec.max_stderr_bytes = 16u << 20;
  ProcessResult r = runProcess(spec);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text.size(), 5070000u);
  EXPECT_EQ(r.stderr_text.size(), 5000000u);
}

TEST(ProcessRunner, TimeoutKillsSleepPromptly) {
  ProcessSpec spec;
  spec.argv = {"/bin/sleep", "100"};
  spec.timeout = std::chrono::milliseconds(200);
  ProcessResult r = runProcess(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGKILL);
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_GE(r.wall_ms, 150);
  EXPECT_LT(r.wall_ms, 3000);
}

TEST(ProcessRunner, TimeoutKillsTheWholeProcessGroup) {
  // The background sleep would keep running (and keep the pipe open) if
  // only the shell were killed.
  ProcessSpec spec = shell("sleep 100 & echo $!; wait");
  spec.timeout = std::chrono::milliseconds(300);
  ProcessResult r = runProcess(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(r.wall_ms, 3000);
  pid_t background = static_cast<pid_t>(std::atoi(r.stdout_text.c_str()));
  ASSERT_GT(background, 0) << r.stdout_text;
  char state = processState(background);
  for (int i = 0; i < 100 && state != 0 && state != 'Z'; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    state = processState(background);
  }
  EXPECT_TRUE(state == 0 || state == 'Z') << "background sleep still running, state " << state;
}

TEST(ProcessRunner, LeftoverChildrenDoNotHoldTheRunOpen) {
  ProcessSpec spec = shell("sleep 100 & echo started");
  spec.timeout = std::chrono::seconds(20);
  ProcessResult r = runProcess(spec);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text, "started\n");
  EXPECT_LT(r.wall_ms, 5000);
}

TEST(ProcessRunner, ProgramThatClosesItsOutputStillTimesOut) {
  ProcessSpec spec = shell("exec >&- 2>&-; sleep 100");
  spec.timeout = std::chrono::milliseconds(300);
  ProcessResult r = runProcess(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_LT(r.wall_ms, 3000);
}

TEST(ProcessRunner, CpuLimitKillsBusyLoop) {
  ProcessSpec spec = shell("while :; do :; done");
  spec.limits.cpu_seconds = 1;
  spec.timeout = std::chrono::seconds(30);
  ProcessResult r = runProcess(spec);
  EXPECT_FALSE(r.timed_out);
  EXPECT_TRUE(r.term_signal == SIGXCPU || r.term_signal == SIGKILL) << r.term_signal;
  EXPECT_LT(r.wall_ms, 15000);
}

TEST(ProcessRunner, LimitsAreSetInTheChild) {
  ProcessSpec spec;
  spec.argv = {"/bin/cat", "/proc/self/limits"};
  spec.limits = {7, 1ull << 30, 123456};
  ProcessResult r = runProcess(spec);
  ASSERT_EQ(r.exit_code, 0) << r.stderr_text;
  auto row = [&](const std::string &name) {
    std::istringstream lines(r.stdout_text);
    for (std::string line; std::getline(lines, line);)
      if (line.rfind(name, 0) == 0) {
        std::istringstream fields(line.substr(name.size()));
        std::string soft, hard;
        fields >> soft >> hard;
        return soft + " " + hard;
      }
    return std::string("missing");
  };
  EXPECT_EQ(row("Max cpu time"), "7 8");
  EXPECT_EQ(row("Max address space"), "1073741824 1073741824");
  EXPECT_EQ(row("Max file size"), "123456 123456");
  EXPECT_EQ(row("Max core file size"), "0 0");
}

TEST(ProcessRunner, FileSizeLimitStopsLargeWrites) {
  WorkDir dir = test::scratchDir();
  ProcessSpec spec = shell("head -c 100000 /dev/zero > big");
  spec.working_directory = dir.path();
  spec.limits.file_size_bytes = 4096;
  ProcessResult r = runProcess(spec);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_LE(test::readText(dir.file("big")).size(), 4096u);
}

TEST(ProcessRunner, EnvironmentIsExactlyWhatIsGiven) {
  ::setenv("KILN_TEST_MUST_NOT_LEAK", "1", 1);
  ProcessSpec spec;
  spec.argv = {"/usr/bin/env"};
  spec.env = {"A=1", "B=two words"};
  ProcessResult r = runProcess(spec);
  EXPECT_EQ(r.stdout_text, "A=1\nB=two words\n");
  spec.env.clear();
  EXPECT_EQ(runProcess(spec).stdout_text, "");
}

TEST(ProcessRunner, RunsInTheWorkingDirectory) {
  ProcessSpec spec;
  spec.argv = {"/bin/pwd"};
  spec.working_directory = "/usr";
  EXPECT_EQ(runProcess(spec).stdout_text, "/usr\n");
}

TEST(ProcessRunner, StdinIsEmpty) {
  ProcessSpec spec;
  spec.argv = {"/bin/cat"};
  spec.timeout = std::chrono::seconds(10);
  ProcessResult r = runProcess(spec);
  EXPECT_FALSE(r.timed_out);
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text, "");
}

TEST(ProcessRunner, NoShellInterpretsArguments) {
  ProcessSpec spec;
  spec.argv = {"/bin/echo", "$HOME; rm -rf /", "`id`"};
  EXPECT_EQ(runProcess(spec).stdout_text, "$HOME; rm -rf / `id`\n");
}

TEST(ProcessRunner, DescriptorsOfTheCallerAreNotInherited) {
  // Deliberately without O_CLOEXEC, and above the descriptors ls opens itself.
  int opened = ::open("/dev/null", O_RDONLY);
  ASSERT_GE(opened, 0);
  int leaked = ::fcntl(opened, F_DUPFD, 100);
  ::close(opened);
  ASSERT_GE(leaked, 100);
  ProcessSpec spec;
  spec.argv = {"/bin/ls", "/proc/self/fd"};
  ProcessResult r = runProcess(spec);
  ::close(leaked);
  std::istringstream fds(r.stdout_text);
  for (std::string fd; fds >> fd;) EXPECT_NE(fd, std::to_string(leaked)) << r.stdout_text;
}

TEST(ProcessRunner, MissingProgramIsASpawnError) {
  ProcessSpec spec;
  spec.argv = {"/nonexistent/kiln-tool"};
  ProcessResult r = runProcess(spec);
  EXPECT_NE(r.spawn_error.find("exec /nonexistent/kiln-tool"), std::string::npos) << r.spawn_error;
  EXPECT_NE(r.spawn_error.find("No such file"), std::string::npos) << r.spawn_error;
  EXPECT_FALSE(r.succeeded());
}

TEST(ProcessRunner, BadWorkingDirectoryIsASpawnError) {
  ProcessSpec spec;
  spec.argv = {"/bin/true"};
  spec.working_directory = "/nonexistent/kiln-dir";
  ProcessResult r = runProcess(spec);
  EXPECT_NE(r.spawn_error.find("chdir /nonexistent/kiln-dir"), std::string::npos) << r.spawn_error;
}

TEST(ProcessRunner, EmptyArgvIsASpawnError) {
  EXPECT_FALSE(runProcess(ProcessSpec{}).spawn_error.empty());
}

}  // namespace
}  // namespace kiln::toolchain
