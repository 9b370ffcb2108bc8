// The oracle's PTX slice: every check with an input that violates it and
// one that does not, the shared examples as kiln compiles them, ptxas
// accepting what the oracle rejects, and `kiln check`.
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/subprocess.h"
#include "tests/support/test_files.h"
#include "worker/backends/nvidia/nvidia_compile.h"
#include "worker/oracle/ptx/ptx_frontend.h"
#include "worker/oracle/ptx/shared_checks.h"

namespace kiln::oracle {
namespace {

namespace fs = std::filesystem;

std::string kernel(const std::string &declarations, const std::string &body) {
  return ".version 7.8\n.target sm_90\n.address_size 64\n" + declarations +
         "\n.visible .entry k(\n\t.param .u64 k_param_0\n)\n{\n\t.reg .f32 %f<8>;\n" + body + "\tret;\n}\n";
}

std::vector<Diagnostic> check(const std::string &ptx, CheckLimits limits = {}) {
  PtxReadResult read = readPtx(ptx, "k.ptx");
  std::vector<Diagnostic> out = read.diagnostics;
  for (const EntryPlan &entry : read.entries) {
    for (Diagnostic &d : checkConstantBounds(entry)) out.push_back(d);
    for (Diagnostic &d : checkCapacity(entry, limits)) out.push_back(d);
  }
  return out;
}

std::vector<Diagnostic> hazards(const std::string &ptx) {
  PtxReadResult read = readPtx(ptx, "k.ptx");
  std::vector<Diagnostic> out = read.diagnostics;
  for (const EntryPlan &entry : read.entries) {
    for (Diagnostic &d : checkBarriers(entry)) out.push_back(d);
    for (Diagnostic &d : checkDeadArrays(entry)) out.push_back(d);
  }
  return out;
}

TEST(PtxOracle, ALoadOfStoredBytesWithoutABarrierBetweenIsAWarning) {
  std::string decl = ".shared .align 4 .b8 smem[64];";
  std::string store = "\t@%p1 st.shared.f32 [smem+4], %f1;\n", load = "\tld.shared.f32 %f2, [smem+4];\n";
  std::vector<Diagnostic> found = hazards(kernel(decl, store + load));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_EQ(found[0].line, 11u);
  EXPECT_NE(found[0].message.find("[oracle.missing-barrier] ld.shared.f32 reads bytes of 'smem' that st.shared.f32 "
                                  "wrote with no bar.sync in between"),
            std::string::npos)
      << found[0].message;
  ASSERT_EQ(found[0].notes.size(), 1u);
  EXPECT_EQ(found[0].notes[0].line, 10u);
  // A barrier in between (any spelling), or other bytes: nothing to say.
  EXPECT_TRUE(hazards(kernel(decl, store + "\tbar.sync \t0;\n" + load)).empty());
  EXPECT_TRUE(hazards(kernel(decl, store + "\tbarrier.cta.sync 0;\n" + load)).empty());
  EXPECT_TRUE(hazards(kernel(decl, store + "\tld.shared.f32 %f2, [smem+8];\n")).empty());
  PtxReadResult read = readPtx(kernel(decl, store + "\t@%p2 bar.sync 0;\n" + load), "k.ptx");
  ASSERT_EQ(read.entries.at(0).barriers.size(), 1u);
  EXPECT_TRUE(read.entries[0].barriers[0].predicated);
  EXPECT_EQ(read.entries[0].barriers[0].after, 1u);
  EXPECT_EQ(read.entries[0].barriers[0].loc.line, 11u);
}

TEST(PtxOracle, AnArrayOnlyEverStoredToIsADeadTileWarning) {
  std::string decl = ".shared .align 4 .b8 smem[64];";
  std::vector<Diagnostic> found = hazards(kernel(decl, "\tst.shared.f32 [smem], %f1;\n"));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].severity, Severity::kWarning);
  EXPECT_NE(found[0].message.find("[oracle.dead-tile] 'smem' is written by st.shared.f32 but never read in entry 'k'"),
            std::string::npos)
      << found[0].message;
  EXPECT_EQ(found[0].notes.at(0).line, 4u);
  // Its address escapes into a register: a load through it is possible.
  EXPECT_TRUE(hazards(kernel(decl, "\tst.shared.f32 [smem], %f1;\n\tmov.u32 %r1, smem;\n")).empty());
  EXPECT_TRUE(hazards(kernel(decl, "\tst.shared.f32 [smem], %f1;\n\tbar.sync 0;\n\tld.shared.f32 %f2, [smem];\n"))
                  .empty());
}

TEST(PtxOracle, ConstantOutOfBoundsIsLocatedWithANoteAtTheArray) {
  std::string decl = ".shared .align 4 .b8 smem[1024];";
  EXPECT_TRUE(check(kernel(decl, "\tld.shared.f32 %f1, [smem+1020];\n")).empty());
  std::vector<Diagnostic> past = check(kernel(decl, "\tld.shared.f32 %f1, [smem+1024];\n"));
  ASSERT_EQ(past.size(), 1u);
  EXPECT_EQ(past[0].line, 10u);
  EXPECT_EQ(past[0].column, 2u);
  EXPECT_NE(past[0].message.find("[oracle.constant-oob] ld.shared.f32 reads bytes 1024..1027 of 'smem', which has 1024"),
            std::string::npos)
      << past[0].message;
  ASSERT_EQ(past[0].notes.size(), 1u);
  EXPECT_EQ(past[0].notes[0].line, 4u);
  EXPECT_EQ(formatHeadline(past[0]).rfind("k.ptx:10:2: error: [oracle.constant-oob]", 0), 0u) << formatHeadline(past[0]);
  // Before the start, stores, and vector widths.
  EXPECT_EQ(check(kernel(decl, "\tst.shared.f32 [smem-4], %f1;\n")).size(), 1u);
  EXPECT_NE(check(kernel(decl, "\tst.shared.u8 [smem+1024], %r1;\n"))[0].message.find("writes bytes 1024..1024"),
            std::string::npos);
  EXPECT_TRUE(check(kernel(decl, "\tld.shared.v4.f32 {%f1, %f2, %f3, %f4}, [smem+1008];\n")).empty());
  EXPECT_EQ(check(kernel(decl, "\tld.shared.v4.f32 {%f1, %f2, %f3, %f4}, [smem+1012];\n")).size(), 1u);
  // Register addresses cannot be resolved statically and are not guessed at.
  EXPECT_TRUE(check(kernel(decl, "\tld.shared.f32 %f1, [%rd1+4096];\n")).empty());
  // Dynamic (extern) arrays are sized at launch.
  EXPECT_TRUE(check(kernel(".extern .shared .align 16 .b8 dyn[];", "\tld.shared.f32 %f1, [dyn+65536];\n")).empty());
}

TEST(PtxOracle, StaticSharedMemoryOver48KiBIsACapacityError) {
  EXPECT_TRUE(check(kernel(".shared .align 16 .b8 a[49152];", "\tst.shared.f32 [a], %f1;\n")).empty());
  std::vector<Diagnostic> over =
      check(kernel(".shared .align 16 .b8 a[32768];\n.shared .align 16 .f32 b[4100];",
                   "\tst.shared.f32 [a], %f1;\n\tst.shared.f32 [b], %f1;\n"));
  ASSERT_EQ(over.size(), 1u);
  EXPECT_NE(over[0].message.find("[oracle.capacity] entry 'k' declares 49168 bytes of static shared memory"),
            std::string::npos)
      << over[0].message;
  EXPECT_EQ(over[0].notes.size(), 2u);
  // A module-scope array counts only for the entries that use it.
  std::string two = ".version 7.8\n.target sm_90\n.address_size 64\n.shared .align 16 .b8 big[65536];\n"
                    ".visible .entry uses()\n{\n\tst.shared.f32 [big], %f1;\n\tret;\n}\n"
                    ".visible .entry other()\n{\n\tret;\n}\n";
  std::vector<Diagnostic> found = check(two);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].message.find("entry 'uses'"), std::string::npos);
}

// Inputs tests/fuzz/ptx_fuzzer found crashing or hanging readPtx: numbers
// past int64 or 4 GiB, a line long enough to overflow std::regex's recursion,
// and quadratic scans. Each is now a located error or simply fast.
TEST(PtxOracle, HugeNumbersAndLongLinesAreLocatedErrors) {
  std::vector<Diagnostic> size = check(kernel(".shared .b8 s[99999999999999999999];", "\tld.shared.f32 %f1, [s];\n"));
  ASSERT_EQ(size.size(), 1u);
  EXPECT_EQ(size[0].line, 4u);
  EXPECT_NE(size[0].message.find("'s' is larger than 4 GiB"), std::string::npos) << size[0].message;
  EXPECT_EQ(check(kernel(".shared .f64 s[2305843009213693952];", "")).size(), 1u);  // 2^61 * 8 bytes
  std::vector<Diagnostic> offset =
      check(kernel(".shared .b8 s[16];", "\tld.shared.f32 %f1, [s+9223372036854775807];\n"));
  ASSERT_EQ(offset.size(), 1u);
  EXPECT_EQ(offset[0].line, 10u);
  EXPECT_NE(offset[0].message.find("offset of ld.shared.f32 is past 4 GiB"), std::string::npos) << offset[0].message;
  std::vector<Diagnostic> long_line =
      check(kernel("", "\tld.shared.f32 %f1, [" + std::string(30000, 'a') + "];\n"));
  ASSERT_EQ(long_line.size(), 1u);
  EXPECT_NE(long_line[0].message.find("too long"), std::string::npos) << long_line[0].message;
  // A long line with nothing the oracle reads (a .global initializer) is fine.
  EXPECT_TRUE(check(kernel(".global .b8 g[4] = {" + std::string(30000, ' ') + "1,2,3,4};", "")).empty());
  // Thousands of module-scope arrays, and a line of unterminated accesses.
  std::string many;
  for (int i = 0; i < 3000; ++i) many += ".shared .b8 a" + std::to_string(i) + "[4];\n";
  std::string line;
  for (int i = 0; i < 600; ++i) line += "ld.shared a ";
  auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(check(kernel(many, "\tst.shared.b8 [a2999+3], %r1;\n\t" + line + "\n")).empty());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST(PtxOracle, PtxasAcceptsWhatTheOracleRejects) {
  if (!fs::exists("/usr/local/cuda/bin/ptxas")) GTEST_SKIP() << "needs ptxas under /usr/local/cuda/bin";
  fs::path dir = fs::temp_directory_path() / ("kiln-oracle-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string ptx = kernel(".shared .align 4 .b8 smem[1024];", "\tld.shared.f32 %f1, [smem+1024];\n"
                                                             "\tst.shared.f32 [smem], %f1;\n");
  std::ofstream(dir / "oob.ptx") << ptx;
  test::ProcessResult ptxas = test::runProcess({"/usr/local/cuda/bin/ptxas", "-arch=sm_90", (dir / "oob.ptx").string(),
                                                "-o", (dir / "oob.cubin").string()});
  EXPECT_EQ(ptxas.exit_code, 0) << ptxas.err;  // silently accepted
  EXPECT_EQ(check(ptx).size(), 1u);             // caught
  fs::remove_all(dir);
}

TEST(PtxOracle, EverySharedExampleAsKilnCompilesItPassesOnSm90) {
  nvidia::Toolchains environment = nvidia::Toolchains::discover(nvidia::Config());
  for (const fs::path &file : test::allExamples()) {
    SCOPED_TRACE(file.string());
    CompileRequest request;
    request.source = {file.filename().string(), test::readFile(file)};
    request.emit = {Emit::kPtx};
    CompileResult compiled = nvidia::compile(request, environment);
    ASSERT_TRUE(compiled.ok());
    PtxReadResult read = readPtx(compiled.artifacts[0].bytes, file.stem().string() + ".ptx");
    EXPECT_TRUE(read.diagnostics.empty());
    EXPECT_GE(read.entries.size(), 1u);
    CheckLimits sm90;
    sm90.max_shared_per_block = 232448;
    sm90.target = "sm_90";
    for (const EntryPlan &entry : read.entries) {
      EXPECT_TRUE(checkConstantBounds(entry).empty());
      EXPECT_TRUE(checkCapacity(entry, sm90).empty());
    }
  }
}

TEST(PtxOracle, KilnCheckPrintsTextJsonAndSarifWithExitCodes) {
  fs::path dir = fs::temp_directory_path() / ("kiln-check-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "bad.ptx") << kernel(".shared .align 4 .b8 smem[1024];", "\tld.shared.f32 %f1, [smem+1024];\n");
  std::ofstream(dir / "good.ptx") << kernel(".shared .align 4 .b8 smem[1024];", "\tld.shared.f32 %f1, [smem];\n");
  std::string kiln = (test::binDir() / "kiln").string();
  test::ProcessResult bad = test::runProcess({kiln, "check", (dir / "bad.ptx").string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("bad.ptx:10:2: error: [oracle.constant-oob]"), std::string::npos) << bad.err;
  EXPECT_EQ(test::runProcess({kiln, "check", (dir / "good.ptx").string()}).exit_code, 0);
  test::ProcessResult json = test::runProcess({kiln, "check", (dir / "bad.ptx").string(), "--format", "json"});
  nlohmann::json report = nlohmann::json::parse(json.out);
  EXPECT_FALSE(report["ok"].get<bool>());
  test::ProcessResult sarif = test::runProcess({kiln, "check", (dir / "bad.ptx").string(), "--format", "sarif"});
  nlohmann::json log = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["runs"][0]["results"][0]["ruleId"], "oracle.constant-oob");
  EXPECT_EQ(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"], 10);
  EXPECT_EQ(test::runProcess({kiln, "check", (dir / "k.cu").string()}).exit_code, 2);  // not an input kind
  test::ProcessResult missing = test::runProcess({kiln, "check", (dir / "missing.mlir").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("missing.mlir"), std::string::npos) << missing.err;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kiln::oracle
