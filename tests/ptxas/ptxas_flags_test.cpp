// kiln-ptxas's command line: every spelling ptxas 13 accepts for the flags
// producers pass, every refusal, and the shape of --help and --version.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include "client/ptxas/ptxas_file_stamps.h"
#include "client/ptxas/ptxas_flags.h"
#include "client/ptxas/ptxas_output.h"
#include "client/ptxas/ptxas_version.h"
#include "tests/support/test_files.h"

namespace kiln::ptxas {
namespace {

PtxasCommand parsed(const std::vector<std::string> &args) {
  auto out = parsePtxasFlags(args);
  if (auto *bad = std::get_if<FlagError>(&out)) ADD_FAILURE() << bad->message;
  return std::holds_alternative<PtxasCommand>(out) ? std::get<PtxasCommand>(out) : PtxasCommand{};
}

std::string refusal(const std::vector<std::string> &args) {
  auto out = parsePtxasFlags(args);
  EXPECT_TRUE(std::holds_alternative<FlagError>(out));
  return std::holds_alternative<FlagError>(out) ? std::get<FlagError>(out).message : std::string();
}

TEST(PtxasFlags, TritonsCommandLine) {
  PtxasCommand c = parsed({"-lineinfo", "--fmad=false", "-v", "--opt-level", "0", "--gpu-name=sm_90a", "in.ptx",
                           "-o", "out.cubin"});
  EXPECT_EQ(c.action, PtxasCommand::Action::kAssemble);
  EXPECT_EQ(c.gpu_name, "sm_90a");
  EXPECT_EQ(c.input, "in.ptx");
  EXPECT_EQ(c.output, "out.cubin");
  EXPECT_TRUE(c.options.verbose);
  EXPECT_TRUE(c.options.line_info);
  EXPECT_FALSE(c.options.fmad);
  EXPECT_EQ(c.options.opt_level, 0);
  EXPECT_FALSE(c.options.debug);
  EXPECT_TRUE(c.warnings.empty());
}

// What Triton 3.9.0 runs, as recorded by tests/producers/ (sm_90 and up get
// the arch-specific name; --regAllocOptLevel=2 comes on every call).
TEST(PtxasFlags, Triton39sExactCommandLines) {
  PtxasCommand hopper = parsed({"-lineinfo", "-v", "--regAllocOptLevel=2", "--gpu-name=sm_90a", "/tmp/tmpX.ptx", "-o",
                                "/tmp/tmpX.ptx.o"});
  EXPECT_EQ(hopper.gpu_name, "sm_90a");
  EXPECT_EQ(hopper.options.reg_alloc_opt_level, 2);
  EXPECT_TRUE(hopper.options.line_info);
  EXPECT_TRUE(hopper.options.verbose);
  EXPECT_EQ(hopper.output, "/tmp/tmpX.ptx.o");
  PtxasCommand ampere = parsed({"-lineinfo", "-v", "--regAllocOptLevel=2", "--gpu-name=sm_80", "in.ptx", "-o", "o"});
  EXPECT_EQ(ampere.gpu_name, "sm_80");
  EXPECT_NE(refusal({"--regAllocOptLevel=9", "k.ptx"}).find("not a register allocation level"), std::string::npos);
}

TEST(PtxasFlags, PtxassDefaults) {
  PtxasCommand c = parsed({"k.ptx"});
  EXPECT_EQ(c.gpu_name, "sm_75");
  EXPECT_EQ(c.output, "elf.o");
  EXPECT_FALSE(c.options.verbose);
  PtxasOptions quiet;  // ptxas's defaults, which run without -v
  quiet.verbose = false;
  EXPECT_EQ(c.options, quiet);
}

TEST(PtxasFlags, EverySpellingOfTheGpuName) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--gpu-name", "sm_80"}, {"--gpu-name=sm_80"},
                                        {"-arch", "sm_80"}, {"-arch=sm_80"}}) {
    args.push_back("k.ptx");
    EXPECT_EQ(parsed(args).gpu_name, "sm_80") << args[0];
  }
}

TEST(PtxasFlags, EverySpellingOfTheOutput) {
  for (std::vector<std::string> args : {std::vector<std::string>{"-o", "x.cubin"}, {"-o=x.cubin"},
                                        {"--output-file", "x.cubin"}, {"--output-file=x.cubin"}}) {
    args.push_back("k.ptx");
    EXPECT_EQ(parsed(args).output, "x.cubin") << args[0];
  }
}

TEST(PtxasFlags, EverySpellingOfTheOptLevel) {
  for (std::vector<std::string> args : {std::vector<std::string>{"--opt-level", "1"}, {"--opt-level=1"}, {"-O1"},
                                        {"-O=1"}}) {
    args.push_back("k.ptx");
    EXPECT_EQ(parsed(args).options.opt_level, 1) << args[0];
  }
}

TEST(PtxasFlags, EverySpellingOfTheSwitches) {
  EXPECT_TRUE(parsed({"-v", "k.ptx"}).options.verbose);
  EXPECT_TRUE(parsed({"--verbose", "k.ptx"}).options.verbose);
  EXPECT_TRUE(parsed({"-lineinfo", "k.ptx"}).options.line_info);
  EXPECT_TRUE(parsed({"--generate-line-info", "k.ptx"}).options.line_info);
  EXPECT_TRUE(parsed({"-g", "k.ptx"}).options.debug);
  EXPECT_TRUE(parsed({"--device-debug", "k.ptx"}).options.debug);
  for (std::vector<std::string> args : {std::vector<std::string>{"--fmad", "false"}, {"--fmad=false"},
                                        {"-fmad", "false"}, {"-fmad=false"}}) {
    args.push_back("k.ptx");
    EXPECT_FALSE(parsed(args).options.fmad) << args[0];
  }
  EXPECT_TRUE(parsed({"--fmad=true", "k.ptx"}).options.fmad);
}

TEST(PtxasFlags, KilnsOwnFlags) {
  PtxasCommand c = parsed({"--kiln-server", "10.0.0.1:7878", "--kiln-max-request-bytes=20000000", "k.ptx"});
  EXPECT_EQ(c.kiln_server, "10.0.0.1:7878");
  EXPECT_EQ(c.max_request_bytes, 20000000);
  EXPECT_EQ(parsed({"--kiln-server=h:1", "k.ptx"}).kiln_server, "h:1");
}

TEST(PtxasFlags, HelpAndVersionInEverySpelling) {
  EXPECT_EQ(parsed({"--help"}).action, PtxasCommand::Action::kHelp);
  EXPECT_EQ(parsed({"-h"}).action, PtxasCommand::Action::kHelp);
  EXPECT_EQ(parsed({"--version"}).action, PtxasCommand::Action::kVersion);
  EXPECT_EQ(parsed({"-V"}).action, PtxasCommand::Action::kVersion);
  EXPECT_EQ(parsed({"-arch=sm_90", "-V", "k.ptx"}).action, PtxasCommand::Action::kVersion);
  // As ptxas: no input file prints the usage and succeeds.
  EXPECT_EQ(parsed({}).action, PtxasCommand::Action::kHelp);
  EXPECT_EQ(parsed({"-arch=sm_90"}).action, PtxasCommand::Action::kHelp);
}

TEST(PtxasFlags, ARedefinedValueWarnsAsPtxasDoesAndTheLastCounts) {
  PtxasCommand c = parsed({"-o", "a.o", "-o", "b.o", "-arch=sm_90", "-arch", "sm_90", "k.ptx"});
  EXPECT_EQ(c.output, "b.o");
  ASSERT_EQ(c.warnings.size(), 1u);  // the same value twice is no redefinition
  EXPECT_EQ(c.warnings[0],
            "ptxas warning : incompatible redefinition for option 'output-file', the last value of this option was used");
}

TEST(PtxasFlags, UnsupportedFlagsAreRefusedByName) {
  for (std::string flag : {"--maxrregcount", "-maxrregcount", "-Werror", "--warning-as-error", "-w",
                           "--disable-warnings", "--warn-on-spills", "-warn-spills", "-c", "--bogus",
                           "-ox.o", "-archsm_90", "--arch", "-gpu-name", "--lineinfo", "--O3", "-verbose"}) {
    std::string message = refusal({"-arch=sm_90", flag, "k.ptx"});
    EXPECT_EQ(message.rfind("kiln-ptxas: error: flag '" + flag + "' is not supported: kiln builds ptxas's "
                            "arguments itself; supported: --gpu-name (-arch), --output-file (-o)", 0),
              0u)
        << message;
  }
  // The name without its value.
  EXPECT_NE(refusal({"--maxrregcount=32", "k.ptx"}).find("flag '--maxrregcount' is not"), std::string::npos);
}

TEST(PtxasFlags, BadValuesAreRefusedLocated) {
  EXPECT_NE(refusal({"--fmad=yes", "k.ptx"}).find("'yes': expected true or false"), std::string::npos);
  EXPECT_NE(refusal({"-O4", "k.ptx"}).find("'4' is not an optimisation level kiln passes (0 to 3)"),
            std::string::npos);
  EXPECT_NE(refusal({"--opt-level=x", "k.ptx"}).find("flag '--opt-level'"), std::string::npos);
  EXPECT_NE(refusal({"-O", "3", "k.ptx"}).find("flag '-O' needs its level attached"), std::string::npos);
  EXPECT_NE(refusal({"-arch=../x", "k.ptx"}).find("is not a GPU name"), std::string::npos);
  EXPECT_NE(refusal({"k.ptx", "-o"}).find("flag '-o' needs a value"), std::string::npos);
  EXPECT_NE(refusal({"-v=true", "k.ptx"}).find("flag '-v' takes no value"), std::string::npos);
  EXPECT_NE(refusal({"--kiln-max-request-bytes=0", "k.ptx"}).find("is not a byte count"), std::string::npos);
  EXPECT_NE(refusal({"a.ptx", "b.ptx"}).find("one PTX file per call: got 'a.ptx' and 'b.ptx'"), std::string::npos);
}

TEST(PtxasFlags, HelpNamesEveryFlagTheEnvironmentAndTheExitCodes) {
  std::string help = helpText();
  for (std::string name : {"--gpu-name", "-arch", "--output-file", "-o", "--opt-level", "-O", "--verbose", "-v",
                           "--generate-line-info", "-lineinfo", "--device-debug", "-g", "--fmad", "--version",
                           "--help", "--kiln-server", "--kiln-max-request-bytes", "KILN_SERVER", "KILN_TOKEN_FILE",
                           "KILN_MAX_REQUEST_BYTES", "Exit status: 0", "255", "TRITON_PTXAS_PATH"})
    EXPECT_NE(help.find(name), std::string::npos) << name;
}

TEST(PtxasVersion, TheIdentityGivesTheReleaseTritonParses) {
  auto v = parsePtxasIdentity("ptxas 13.0.88 sha256:0123abcd");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->full, "13.0.88");
  EXPECT_EQ(v->release, "13.0");
  EXPECT_FALSE(parsePtxasIdentity("nvcc 13.0.88 sha256:0123"));
  EXPECT_FALSE(parsePtxasIdentity("ptxas unknown"));
  EXPECT_FALSE(parsePtxasIdentity("ptxas 13 sha256:00"));
  std::string block = versionBlock("127.0.0.1:7878", "0.1.0", {*v});
  // The first "release" (Triton's regex takes the first) is the release line's.
  EXPECT_EQ(block.find("release"), block.find("Cuda compilation tools, release 13.0, V13.0.88\n") + 24);
  EXPECT_EQ(block.rfind("kiln-ptxas 0.1.0: ptxas through kilnd at 127.0.0.1:7878\n", 0), 0u);
}

TEST(PtxasOutput, PtxassLinesInPtxassShapeAndKilnsCompilerStyle) {
  Diagnostic located{Severity::kError, "k.ptx", 35, 0, "Unknown symbol 'x'", "ptxas", {}};
  Diagnostic fatal{Severity::kError, "", 0, 0, "Ptx assembly aborted due to errors", "ptxas", {}};
  Diagnostic warning{Severity::kWarning, "", 0, 0, "some warning", "ptxas", {}};
  Diagnostic info{Severity::kRemark, "", 0, 0, "Used 10 registers", "ptxas", {}};
  Diagnostic oracle{Severity::kError, "k.ptx", 2, 3, "[oracle.constant-oob] out of bounds", "kiln-oracle", {}};
  EXPECT_EQ(ptxasLine(located), "ptxas k.ptx, line 35; error   : Unknown symbol 'x'\n");
  EXPECT_EQ(ptxasLine(fatal), "ptxas fatal   : Ptx assembly aborted due to errors\n");
  EXPECT_EQ(ptxasLine(warning), "ptxas warning : some warning\n");
  EXPECT_EQ(ptxasLine(info), "");
  std::string all = formatDiagnostics({located, info, oracle}, "line one\n  bad here\n");
  EXPECT_NE(all.find("k.ptx:2:3: error: [oracle.constant-oob] out of bounds\n    bad here\n"), std::string::npos) << all;
  EXPECT_EQ(all.find("Used 10"), std::string::npos);
}

}  // namespace
}  // namespace kiln::ptxas

namespace kiln::ptxas {
namespace {

// ptxas records each .file source's time and size when it can stat it; the
// front door writes them in for the worker, which cannot.
TEST(PtxasFileStamps, WritesTheTimeAndSizeOfEverySourceItCanSee) {
  std::string here = (test::sourceDir() / "tests/backends/nvidia/ptx_inputs/saxpy_fma.cu").string();
  struct stat st;
  ASSERT_EQ(::stat(here.c_str(), &st), 0);
  std::string ptx = "\t.file\t1 \"" + here + "\"\n\t.file\t2 \"/nonexistent/k.py\"\n\t.file 3 \"a.py\", 5, 6\nret;\n";
  std::string stamped = stampSourceFiles(ptx);
  EXPECT_EQ(stamped, "\t.file\t1 \"" + here + "\", " + std::to_string(st.st_mtime) + ", " +
                         std::to_string(st.st_size) + "\n\t.file\t2 \"/nonexistent/k.py\"\n\t.file 3 \"a.py\", 5, 6\nret;\n");
  EXPECT_EQ(stampSourceFiles("ret;"), "ret;");
}

}  // namespace
}  // namespace kiln::ptxas
