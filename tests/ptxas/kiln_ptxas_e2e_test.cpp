// kiln-ptxas end to end, with the real ptxas as the oracle: a kilnd child
// (its local kiln-worker beside it) on 127.0.0.1, build/bin/kiln-ptxas run
// as a subprocess with KILN_SERVER set, and /usr/local/cuda/bin/ptxas run on
// the same files with the same flags. For every PTX kiln emits for the
// shared examples and for PTX nvcc writes (from kiln's CUDA C and from the
// hand-written kernels beside the PTX input tests): the same cubin, byte for
// byte, and the same -v lines (but ptxas's "Compile time = ... ms").
//
// kilnd and kiln-worker are taken from $KILN_PTXAS_TEST_DAEMONS when set (a
// folder holding both, e.g. another checkout's build/bin), else from this
// build's bin folder; kiln-ptxas always from this build's.
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <thread>

#include "client/lib/kiln_client.h"
#include "tests/server/child_process.h"
#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

const fs::path kPtxas = "/usr/local/cuda/bin/ptxas";
const fs::path kNvcc = "/usr/local/cuda/bin/nvcc";

fs::path daemonDir() {
  const char *dir = std::getenv("KILN_PTXAS_TEST_DAEMONS");
  return dir && *dir ? fs::path(dir) : test::binDir();
}

void writeFile(const fs::path &path, const std::string &text) { std::ofstream(path, std::ios::binary) << text; }

std::string readOrEmpty(const fs::path &path) {
  std::error_code ec;
  return fs::exists(path, ec) ? test::readFile(path) : std::string();
}

// stderr without ptxas's timing line, which differs run to run.
std::string withoutCompileTime(const std::string &text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.find("ptxas info    : Compile time = ") != 0) out += line + "\n";
  return out;
}

class KilnPtxasTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!fs::exists(kPtxas)) return;
    dir_ = fs::temp_directory_path() / ("kiln-ptxas-e2e-" + std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    kilnd_ = std::make_unique<test::ChildProcess>(
        std::vector<std::string>{(daemonDir() / "kilnd").string(), "--listen", "127.0.0.1:0", "--data-dir",
                                 (dir_ / "data").string(), "--port-file", (dir_ / "port").string(),
                                 "--local-slots", "2"},
        (dir_ / "kilnd.log").string());
    std::string port;
    for (int i = 0; i < 400 && port.empty(); ++i) {
      std::this_thread::sleep_for(25ms);
      std::ifstream in(dir_ / "port");
      in >> port;
    }
    if (port.empty()) return;
    address_ = "127.0.0.1:" + port;
    setenv("KILN_SERVER", address_.c_str(), 1);
    unsetenv("KILN_TOKEN_FILE");
    unsetenv("KILN_MAX_REQUEST_BYTES");
    client::Client probe(config());
    for (int i = 0; i < 400; ++i) {
      auto status = probe.status();
      if (auto *s = std::get_if<v1::StatusReply>(&status); s && s->workers_size() > 0) return;
      std::this_thread::sleep_for(50ms);
    }
  }
  static void TearDownTestSuite() {
    kilnd_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void SetUp() override {
    if (!fs::exists(kPtxas)) GTEST_SKIP() << kPtxas << " is absent: the real ptxas is this test's oracle";
    ASSERT_FALSE(address_.empty()) << "kilnd from " << daemonDir() << " did not start (set KILN_PTXAS_TEST_DAEMONS "
                                   << "to a folder with kilnd and kiln-worker)\n"
                                   << kilnd_->stderrText();
  }

  static client::ClientConfig config() {
    client::ClientConfig c;
    c.server = address_;
    c.timeout = 120s;
    return c;
  }
  static test::ProcessResult kilnPtxas(std::vector<std::string> args) {
    args.insert(args.begin(), (test::binDir() / "kiln-ptxas").string());
    return test::runProcess(args, {}, 120s);
  }
  static test::ProcessResult realPtxas(std::vector<std::string> args) {
    args.insert(args.begin(), kPtxas.string());
    return test::runProcess(args, {}, 120s);
  }

  // Runs both on `ptx` with `flags` (+ the input and -o), and checks the
  // same exit status, the same cubin and the same stderr (but timings).
  // `reference_extra`: flags only the real ptxas gets (see the -v case).
  void expectSameAsPtxas(const fs::path &ptx, const std::vector<std::string> &flags, const std::string &label,
                         const std::vector<std::string> &reference_extra = {}) {
    fs::path ours = dir_ / (label + ".kiln.cubin"), theirs = dir_ / (label + ".ptxas.cubin");
    std::vector<std::string> a = flags, b = flags;
    b.insert(b.end(), reference_extra.begin(), reference_extra.end());
    a.insert(a.end(), {ptx.string(), "-o", ours.string()});
    b.insert(b.end(), {ptx.string(), "-o", theirs.string()});
    test::ProcessResult k = kilnPtxas(a), p = realPtxas(b);
    ASSERT_EQ(p.exit_code, 0) << label << ": ptxas itself failed: " << p.err;
    ASSERT_EQ(k.exit_code, 0) << label << ": " << k.err;
    std::string kiln_cubin = readOrEmpty(ours), ptxas_cubin = readOrEmpty(theirs);
    ASSERT_FALSE(ptxas_cubin.empty()) << label;
    EXPECT_TRUE(kiln_cubin == ptxas_cubin) << label << ": cubins differ (" << kiln_cubin.size() << " vs "
                                           << ptxas_cubin.size() << " bytes)";
    if (reference_extra.empty()) EXPECT_EQ(withoutCompileTime(k.err), withoutCompileTime(p.err)) << label;
    EXPECT_EQ(k.out, p.out) << label;
    ++compared_;
  }

  // kiln's own PTX for a shared example, through kilnd.
  std::string kilnEmit(const fs::path &example, v1::Emit emit) {
    v1::CompileSpec s;
    s.set_ir(test::readFile(example));
    s.set_source_name(example.filename().string());
    s.set_target("sm_90");
    s.add_emit(emit);
    client::Client client(config());
    auto made = client.compile(s);
    if (!std::holds_alternative<client::CompileOutput>(made)) {
      ADD_FAILURE() << example << ": " << std::get<client::ClientError>(made).message;
      return {};
    }
    const client::CompileOutput &out = std::get<client::CompileOutput>(made);
    const std::string kind = emit == v1::EMIT_PTX ? "ptx" : "cuda";
    for (int i = 0; i < out.summary.artifacts_size(); ++i)
      if (out.summary.artifacts(i).kind() == kind) return out.artifacts[i];
    ADD_FAILURE() << example << ": no " << kind << " artifact: " << out.summary.DebugString();
    return {};
  }

  // nvcc -ptx -arch=sm_90 of a CUDA C file, into dir_.
  fs::path nvccPtx(const fs::path &cu, const std::string &stem) {
    fs::path out = dir_ / (stem + ".ptx");
    test::ProcessResult r = test::runProcess({kNvcc.string(), "-ptx", "-arch=sm_90", cu.string(), "-o", out.string()},
                                             {}, 300s);
    EXPECT_EQ(r.exit_code, 0) << cu << ": " << r.err;
    return out;
  }

  static int64_t cacheHits() {
    client::Client client(config());
    auto status = client.status();
    return std::holds_alternative<v1::StatusReply>(status) ? std::get<v1::StatusReply>(status).cache().hits() : -1;
  }

  static inline fs::path dir_;
  static inline std::string address_;
  static inline std::unique_ptr<test::ChildProcess> kilnd_;
  int compared_ = 0;
};

const std::vector<std::string> kTritonFlags = {"-v", "--gpu-name=sm_90"};

TEST_F(KilnPtxasTest, EveryPtxKilnEmitsAssemblesToPtxassExactCubinAndReport) {
  for (const fs::path &example : test::sharedExamples()) {
    std::string ptx = kilnEmit(example, v1::EMIT_PTX);
    if (ptx.empty()) continue;
    fs::path file = dir_ / (example.stem().string() + ".ptx");
    writeFile(file, ptx);
    expectSameAsPtxas(file, kTritonFlags, "kiln_" + example.stem().string());
  }
  EXPECT_EQ(compared_, static_cast<int>(test::sharedExamples().size()));
}

TEST_F(KilnPtxasTest, PtxasOptionsGiveTheSameCubinsAsPtxassOwn) {
  fs::path file = dir_ / "gemm_options.ptx";
  writeFile(file, kilnEmit(test::sharedExamples().front().parent_path() / "gemm.mlir", v1::EMIT_PTX));
  expectSameAsPtxas(file, {"-v", "--gpu-name=sm_90", "-lineinfo"}, "gemm_lineinfo");
  expectSameAsPtxas(file, {"-v", "--gpu-name=sm_90", "--opt-level", "0"}, "gemm_O0");
  expectSameAsPtxas(file, {"-v", "--gpu-name=sm_90", "--fmad=false"}, "gemm_nofmad");
  expectSameAsPtxas(file, {"-lineinfo", "--fmad=false", "-v", "--opt-level", "1", "-arch", "sm_90"}, "gemm_mixed");
  // Without -v: nothing on stderr, and the cubin of ptxas without -v (a
  // cubin records the options ptxas ran with, -v among them).
  test::ProcessResult quiet = kilnPtxas({"--gpu-name=sm_90", file.string(), "-o", (dir_ / "quiet.cubin").string()});
  EXPECT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  expectSameAsPtxas(file, {"--gpu-name=sm_90"}, "gemm_quiet");
  expectSameAsPtxas(file, {"--gpu-name=sm_90", "-lineinfo"}, "gemm_quiet_lineinfo");
}

TEST_F(KilnPtxasTest, PtxNvccWritesAssemblesToPtxassExactCubinAndReport) {
  if (!fs::exists(kNvcc)) GTEST_SKIP() << kNvcc << " is absent";
  // From kiln's CUDA C for an example, and from the hand-written kernels.
  fs::path cu = dir_ / "gemm_kiln.cu";
  writeFile(cu, kilnEmit(test::sharedExamples().front().parent_path() / "gemm.mlir", v1::EMIT_CUDA));
  expectSameAsPtxas(nvccPtx(cu, "gemm_kiln_nvcc"), kTritonFlags, "nvcc_gemm");
  for (const fs::path &kernel : fs::directory_iterator(test::sourceDir() / "tests/backends/nvidia/ptx_inputs")) {
    if (kernel.extension() != ".cu" || kernel.stem() == "shared_oob") continue;  // that one the oracle refuses
    expectSameAsPtxas(nvccPtx(kernel, kernel.stem().string() + "_nvcc"), kTritonFlags,
                      "nvcc_" + kernel.stem().string());
  }
  EXPECT_GE(compared_, 3);
}

TEST_F(KilnPtxasTest, VersionHasPtxassReleaseLine) {
  test::ProcessResult k = kilnPtxas({"--version"}), p = realPtxas({"--version"});
  ASSERT_EQ(k.exit_code, 0) << k.err;
  std::regex release(".*release (\\d+\\.\\d+).*");  // Triton's
  std::smatch km, pm;
  ASSERT_TRUE(std::regex_search(k.out, km, release)) << k.out;
  ASSERT_TRUE(std::regex_search(p.out, pm, release)) << p.out;
  EXPECT_EQ(km[1], pm[1]);
  EXPECT_EQ(km[0], pm[0]);  // the whole line: "Cuda compilation tools, release 13.0, V13.0.88"
  EXPECT_NE(k.out.find("through kilnd at " + address_), std::string::npos) << k.out;
}

TEST_F(KilnPtxasTest, APtxErrorFailsAsPtxDoesWithPtxassLocatedLines) {
  fs::path good = nvccPtx(test::sourceDir() / "tests/backends/nvidia/ptx_inputs/saxpy_fma.cu", "saxpy_for_bad");
  std::string text = test::readFile(good);
  size_t at = text.find("%tid.x;");
  ASSERT_NE(at, std::string::npos);
  text.insert(at + 7, "\n\tbogus.op %r1;");
  fs::path bad = dir_ / "bad.ptx";
  writeFile(bad, text);
  fs::path out = dir_ / "bad.cubin";
  test::ProcessResult k = kilnPtxas({"-arch=sm_90", bad.string(), "-o", out.string()});
  test::ProcessResult p = realPtxas({"-arch=sm_90", bad.string(), "-o", out.string()});
  EXPECT_EQ(k.exit_code, p.exit_code);
  EXPECT_EQ(k.exit_code, 255);
  EXPECT_FALSE(fs::exists(out));
  // ptxas names the file as it was given; kilnd's requests carry the base name.
  std::string expected = p.err;
  for (size_t pos; (pos = expected.find(bad.string())) != std::string::npos;)
    expected.replace(pos, bad.string().size(), "bad.ptx");
  EXPECT_NE(expected.find("ptxas bad.ptx, line "), std::string::npos) << expected;
  EXPECT_EQ(k.err, expected);
}

TEST_F(KilnPtxasTest, ThePlantedOutOfBoundsPtxFailsWithTheOraclesLocatedFinding) {
  fs::path ptx = test::sourceDir() / "tests/backends/nvidia/ptx_inputs/shared_oob.ptx";
  fs::path out = dir_ / "oob.cubin";
  test::ProcessResult k = kilnPtxas({"-v", "--gpu-name=sm_90", ptx.string(), "-o", out.string()});
  EXPECT_EQ(k.exit_code, 255);
  EXPECT_FALSE(fs::exists(out));
  EXPECT_TRUE(std::regex_search(k.err, std::regex("^shared_oob\\.ptx:[0-9]+:[0-9]+: error: \\[oracle\\.constant-oob\\] ")))
      << k.err;
  // ptxas alone assembles it: the finding is kiln's.
  EXPECT_EQ(realPtxas({"--gpu-name=sm_90", ptx.string(), "-o", (dir_ / "oob.ptxas.cubin").string()}).exit_code, 0);
}

TEST_F(KilnPtxasTest, AnUnsupportedFlagIsRefusedWithoutAskingKilnd) {
  // An address nothing serves: a call would fail with 3, not 2.
  for (std::vector<std::string> flags : {std::vector<std::string>{"--maxrregcount", "32"}, {"-Werror"},
                                         {"--warn-on-spills"}, {"-w"}}) {
    std::vector<std::string> args = {"--kiln-server=127.0.0.1:1", "-arch=sm_90"};
    args.insert(args.end(), flags.begin(), flags.end());
    args.push_back("x.ptx");
    test::ProcessResult k = kilnPtxas(args);
    EXPECT_EQ(k.exit_code, 2) << flags[0];
    EXPECT_NE(k.err.find("kiln-ptxas: error: flag '" + flags[0] + "' is not supported"), std::string::npos) << k.err;
  }
}

TEST_F(KilnPtxasTest, AnUnreachableKilndIsItsOwnExitStatusNamingKilnServer) {
  fs::path ptx = test::sourceDir() / "tests/backends/nvidia/ptx_inputs/shared_oob.ptx";
  test::ProcessResult k = kilnPtxas({"--kiln-server=127.0.0.1:1", "-arch=sm_90", ptx.string(), "-o",
                                     (dir_ / "never.cubin").string()});
  EXPECT_EQ(k.exit_code, 3);
  EXPECT_NE(k.err.find("127.0.0.1:1"), std::string::npos) << k.err;
  EXPECT_NE(k.err.find("KILN_SERVER"), std::string::npos) << k.err;
  EXPECT_EQ(kilnPtxas({"--kiln-server=127.0.0.1:1", "--version"}).exit_code, 3);
}

TEST_F(KilnPtxasTest, ASecondIdenticalCallIsACacheHitWithTheSameCubin) {
  fs::path ptx = nvccPtx(test::sourceDir() / "tests/backends/nvidia/ptx_inputs/stage_shared.cu", "stage_hit");
  fs::path first = dir_ / "hit1.cubin", second = dir_ / "hit2.cubin";
  test::ProcessResult a = kilnPtxas({"-v", "--gpu-name=sm_90", "-lineinfo", ptx.string(), "-o", first.string()});
  ASSERT_EQ(a.exit_code, 0) << a.err;
  int64_t before = cacheHits();
  test::ProcessResult b = kilnPtxas({"-v", "--gpu-name=sm_90", "-lineinfo", ptx.string(), "-o", second.string()});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_EQ(cacheHits(), before + 1);
  EXPECT_EQ(test::readFile(first), test::readFile(second));
  EXPECT_EQ(a.err, b.err);  // the hit carries ptxas's report, timing line and all
}

TEST_F(KilnPtxasTest, AnUnreadableInputAndAnOversizedOneFailAsPtxDoes) {
  test::ProcessResult k = kilnPtxas({"-arch=sm_90", (dir_ / "missing.ptx").string()});
  test::ProcessResult p = realPtxas({"-arch=sm_90", (dir_ / "missing.ptx").string()});
  EXPECT_EQ(k.exit_code, p.exit_code);
  EXPECT_EQ(k.err.substr(0, k.err.find('\n')), p.err.substr(0, p.err.find('\n')));
  fs::path big = dir_ / "big.ptx";
  writeFile(big, std::string(2000, '\n'));
  k = kilnPtxas({"--kiln-max-request-bytes=1000", "-arch=sm_90", big.string()});
  EXPECT_EQ(k.exit_code, 255);
  EXPECT_NE(k.err.find("the IR is 2000 bytes; kilnd accepts at most 1000"), std::string::npos) << k.err;
}

}  // namespace
}  // namespace kiln
