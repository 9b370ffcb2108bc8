// Runs the plain-C test of kiln.h (capi_test.c, built with -std=c11 -Wall
// -Werror against libkiln.so) against a kilnd child with its local worker,
// and checks that the installed pkg-config file names the library.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "tests/server/child_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kPtxas = "/usr/local/cuda/bin/ptxas";

TEST(CApi, APlainCProgramCompilesChecksAndFetchesThroughKiln) {
  if (!fs::exists(kPtxas)) GTEST_SKIP() << kPtxas << " is absent: the C test compiles a cubin";
  fs::path dir = fs::temp_directory_path() / ("kiln-capi-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto kilnd = std::make_unique<test::ChildProcess>(
      std::vector<std::string>{(test::binDir() / "kilnd").string(), "--listen", "127.0.0.1:0", "--data-dir",
                               (dir / "data").string(), "--port-file", (dir / "port").string()},
      (dir / "kilnd.log").string());
  std::string port;
  for (int i = 0; i < 400 && port.empty(); ++i) {
    std::this_thread::sleep_for(25ms);
    std::ifstream in(dir / "port");
    in >> port;
  }
  ASSERT_FALSE(port.empty()) << kilnd->stderrText();
  // The C program's first compile waits for kilnd's local worker (kilnd
  // queues the job until it connects), so no readiness probe is needed.
  test::ProcessResult run = test::runProcess(
      {(test::binDir() / "capi_test_c").string(), "127.0.0.1:" + port, KILN_SHARED_DIR_HINT,
       (test::sourceDir() / "tests" / "oracle" / "tile_ir" / "constant_oob.mlir").string()},
      {}, 300s);
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err << "\nkilnd:\n" << kilnd->stderrText();
  kilnd.reset();
  fs::remove_all(dir);
}

TEST(CApi, OnlyTheKilnSymbolsAreExported) {
  test::ProcessResult nm =
      test::runProcess({"/usr/bin/nm", "-D", "--defined-only", (test::binDir() / ".." / "lib" / "libkiln.so").string()});
  ASSERT_EQ(nm.exit_code, 0) << nm.err;
  size_t exported = 0;
  std::istringstream lines(nm.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::string symbol = line.substr(line.rfind(' ') + 1);
    if (symbol.empty() || symbol.rfind("KILN_1", 0) == 0) continue;
    EXPECT_EQ(symbol.rfind("kiln_", 0), 0u) << "exported: " << line;
    ++exported;
  }
  EXPECT_GE(exported, 20u);
}

TEST(CApi, InstallsWithAPkgConfigFileAPlainCProgramBuildsWith) {
  fs::path prefix = fs::temp_directory_path() / ("kiln-capi-install-" + std::to_string(getpid()));
  fs::remove_all(prefix);
  test::ProcessResult install =
      test::runProcess({KILN_CMAKE, "--install", (test::binDir() / "..").string(), "--prefix", prefix.string()});
  ASSERT_EQ(install.exit_code, 0) << install.out << install.err;
  fs::path pc = prefix / "lib" / "pkgconfig" / "kiln.pc";
  ASSERT_TRUE(fs::exists(pc)) << install.out;
  std::ofstream(prefix / "abi.c") << "#include <kiln.h>\n"
                                     "int main(void) { return kiln_abi_version() == KILN_ABI_VERSION ? 0 : 1; }\n";
  // pkg-config reads the .pc file given by path; its prefix is relative to it.
  test::ProcessResult flags = test::runProcess({KILN_PKG_CONFIG, "--cflags", "--libs", pc.string()});
  ASSERT_EQ(flags.exit_code, 0) << flags.err;
  std::vector<std::string> cc = {KILN_CC, "-std=c11", "-Wall", "-Werror", (prefix / "abi.c").string(), "-o",
                                 (prefix / "abi").string()};
  std::istringstream words(flags.out);
  for (std::string w; words >> w;) cc.push_back(w);
  // An instrumented libkiln needs its sanitizer runtime in the program too.
  if (std::string(KILN_SANITIZE_FLAGS).size()) cc.push_back(KILN_SANITIZE_FLAGS);
  test::ProcessResult built = test::runProcess(cc);
  ASSERT_EQ(built.exit_code, 0) << built.err;
  setenv("LD_LIBRARY_PATH", (prefix / "lib").string().c_str(), 1);
  test::ProcessResult ran = test::runProcess({(prefix / "abi").string()});
  unsetenv("LD_LIBRARY_PATH");
  EXPECT_EQ(ran.exit_code, 0) << ran.err;
  fs::remove_all(prefix);
}

}  // namespace
}  // namespace kiln
