// Whole Ascend compiles through the Backend: what each emit produces, what
// launch.json says, and how requests that cannot be served are refused --
// before any work when a tool is missing, located in the .mlir when the
// kernel is the problem. No vendor tool runs here: the source emits need
// none, and the binary emits are refused because discovery finds nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/emit_route.h"
#include "tests/support/test_files.h"
#include "worker/backends/ascend/ascend_backend.h"
#include "worker/backends/ascend/ascend_targets.h"
#include "worker/pipeline/compile_key.h"

namespace kiln {
namespace {

const std::string kNowhere = "/nonexistent/kiln-test/ascend";

/// A backend whose discovery finds neither bisheng nor ptoas, whatever
/// this machine has: an override that names nothing is all that is searched.
ascend::AscendBackend backendWithoutTools() {
  ascend::Config config;
  config.bisheng.path_override = kNowhere;
  config.ptoas.path_override = kNowhere;
  return ascend::AscendBackend(ascend::Toolchains::discover(config));
}

CompileRequest requestFor(const std::string &example, const std::string &target, std::vector<Emit> emit) {
  CompileRequest request;
  std::filesystem::path file = std::filesystem::path(KILN_SHARED_DIR_HINT) / example;
  if (!std::filesystem::exists(file)) file = test::sourceDir() / "examples" / example;
  request.source = {example, test::readFile(file)};
  request.target = target;
  request.emit = std::move(emit);
  return request;
}

const Artifact *artifactOfKind(const CompileResult &result, const std::string &kind) {
  for (const Artifact &a : result.artifacts)
    if (a.kind == kind) return &a;
  return nullptr;
}

std::string allMessages(const CompileResult &result) {
  std::string out;
  for (const Diagnostic &d : result.diagnostics) out += formatHeadline(d) + "\n";
  return out;
}

class SourceEmits : public ::testing::TestWithParam<std::string> {};

TEST_P(SourceEmits, VecAddYieldsAscendCPtoAndLaunchJson) {
  if (GetParam() == "ascend310p3") {
    // PTOAS has no arch for the 310P: PTO for it is refused, located;
    // AscendC is not.
    CompileResult pto = backendWithoutTools().compile(requestFor("vec_add.mlir", GetParam(), {Emit::kPto}));
    ASSERT_FALSE(pto.ok());
    EXPECT_NE(allMessages(pto).find("vec_add.mlir:2:1: error: [pto.unsupported]"), std::string::npos)
        << allMessages(pto);
    CompileResult cpp = backendWithoutTools().compile(requestFor("vec_add.mlir", GetParam(), {Emit::kAscendC}));
    EXPECT_TRUE(cpp.ok()) << allMessages(cpp);
    return;
  }
  CompileResult result =
      backendWithoutTools().compile(requestFor("vec_add.mlir", GetParam(), {Emit::kAscendC, Emit::kPto}));
  ASSERT_TRUE(result.ok()) << allMessages(result);
  const Artifact *cpp = artifactOfKind(result, "ascendc");
  const Artifact *pto = artifactOfKind(result, "pto");
  const Artifact *launch = artifactOfKind(result, "launch");
  ASSERT_TRUE(cpp && pto && launch);
  EXPECT_EQ(cpp->name, "vec_add.cpp");
  EXPECT_EQ(pto->name, "vec_add.pto");
  EXPECT_NE(cpp->bytes.find("__global__ __aicore__ void vec_add("), std::string::npos);
  EXPECT_NE(pto->bytes.find("func.func @vec_add"), std::string::npos);
  // No tool ran, so none is named.
  EXPECT_TRUE(result.tools.empty());

  nlohmann::json file = nlohmann::json::parse(launch->bytes);
  EXPECT_EQ(file["target"], GetParam());
  ASSERT_EQ(file["kernels"].size(), 1u);
  const nlohmann::json &k = file["kernels"][0];
  EXPECT_EQ(k["name"], "vec_add");
  EXPECT_EQ(k["block_dim"], 16);  // grid 16
  EXPECT_EQ(k["core"], "vector");
  std::string error;
  EXPECT_EQ(k["arch"], ascend::findAscendTarget(GetParam(), "", error)->vector_arch);
  ASSERT_EQ(k["params"].size(), 3u);
  EXPECT_EQ(k["params"][0]["type"], "memref<4096xf32>");
  // Three 1x256xf32 tiles at most live in UB, nothing anywhere else.
  ASSERT_TRUE(k["buffer_bytes"].contains("ub")) << k.dump();
  EXPECT_GE(k["buffer_bytes"]["ub"].get<int64_t>(), 2 * 1024);
  EXPECT_FALSE(k["buffer_bytes"].contains("l0c"));
}

INSTANTIATE_TEST_SUITE_P(AllTargets, SourceEmits, ::testing::ValuesIn(ascend::ascendTargetNames()));

TEST(AscendCompile, TwoDimensionalGridsAreLinearisedIntoTheBlockDim) {
  CompileResult result =
      backendWithoutTools().compile(requestFor("helper_and_branch.mlir", "ascend910b2", {Emit::kAscendC}));
  ASSERT_TRUE(result.ok()) << allMessages(result);
  nlohmann::json file = nlohmann::json::parse(artifactOfKind(result, "launch")->bytes);
  EXPECT_EQ(file["kernels"][0]["block_dim"], 16);  // grid 4 x 4
  EXPECT_EQ(file["kernels"][0]["grid"], nlohmann::json::array({4, 4}));
}

TEST(AscendCompile, BinaryEmitsWithoutBishengAreRefusedBeforeAnyWork) {
  for (Emit emit : {Emit::kObject, Emit::kPtoObject}) {
    CompileResult result = backendWithoutTools().compile(requestFor("vec_add.mlir", "ascend910b2", {emit}));
    ASSERT_FALSE(result.ok());
    EXPECT_TRUE(result.artifacts.empty());
    // Refused before the front end ran: no stage timed, nothing parsed.
    EXPECT_TRUE(result.timings.empty()) << allMessages(result);
    EXPECT_NE(allMessages(result).find("bisheng not found (searched: " + kNowhere), std::string::npos)
        << allMessages(result);
    if (emit == Emit::kPtoObject)
      EXPECT_NE(allMessages(result).find("ptoas not found (searched: " + kNowhere), std::string::npos)
          << allMessages(result);
  }
}

TEST(AscendCompile, NvidiaEmitsAndPathsAreRefusedForAscendTargets) {
  CompileResult ptx = backendWithoutTools().compile(requestFor("vec_add.mlir", "ascend910b2", {Emit::kPtx}));
  ASSERT_FALSE(ptx.ok());
  EXPECT_NE(allMessages(ptx).find("--emit ptx is not an output for ascend910b2"), std::string::npos);
  CompileRequest viaNvcc = requestFor("vec_add.mlir", "ascend910b2", {Emit::kAscendC});
  viaNvcc.via = CompilePath::kNvcc;
  CompileResult nvcc = backendWithoutTools().compile(viaNvcc);
  ASSERT_FALSE(nvcc.ok());
  EXPECT_NE(allMessages(nvcc).find("--via nvcc is an NVIDIA path"), std::string::npos);
}

TEST(AscendCompile, MixedKernelsRunAsCubeAndVectorPhasesOnSplitCoreSocs) {
  CompileResult result =
      backendWithoutTools().compile(requestFor("attention_block.mlir", "ascend910b2", {Emit::kAscendC}));
  ASSERT_TRUE(result.ok()) << allMessages(result);
  const Artifact *cpp = artifactOfKind(result, "ascendc");
  const Artifact *launch = artifactOfKind(result, "launch");
  ASSERT_TRUE(cpp && launch);
  const std::vector<std::string> phases = {"attention_block_p0_cube", "attention_block_p1_vector",
                                           "attention_block_p2_cube"};
  for (const std::string &phase : phases)
    EXPECT_NE(cpp->bytes.find("__aicore__ void " + phase + "("), std::string::npos) << phase;
  EXPECT_EQ(cpp->bytes.find("void attention_block("), std::string::npos) << "the mixed kernel itself is not emitted";

  nlohmann::json file = nlohmann::json::parse(launch->bytes);
  ASSERT_EQ(file["kernels"].size(), 3u);
  EXPECT_EQ(file["kernels"][0]["core"], "cube");
  EXPECT_EQ(file["kernels"][1]["core"], "vector");
  EXPECT_EQ(file["kernels"][2]["core"], "cube");
  ASSERT_EQ(file["mixed_kernels"].size(), 1u);
  const nlohmann::json &mixed = file["mixed_kernels"][0];
  EXPECT_EQ(mixed["name"], "attention_block");
  EXPECT_EQ(mixed["launch_in_order"], nlohmann::json(phases));
  // S = Q K^T (cube to vector) and P = softmax(S) (vector to cube): one
  // 32x256 f32 slice per block of the grid of 8.
  ASSERT_EQ(mixed["workspaces"].size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(mixed["workspaces"][i]["param"], "arg" + std::to_string(5 + i));
    EXPECT_EQ(mixed["workspaces"][i]["type"], "memref<256x256xf32>");
    EXPECT_EQ(mixed["workspaces"][i]["bytes"], 256 * 256 * 4);
  }
  EXPECT_EQ(file["kernels"][0]["params"].size(), 7u) << "the kernel's five parameters, then the two workspaces";

  // Its PTO phases would need 64 KiB Kt and V tiles in L1; a PTO tile holds
  // at most 32 KiB, so that emit is refused at the loads.
  CompileResult pto = backendWithoutTools().compile(requestFor("attention_block.mlir", "ascend910b2", {Emit::kPto}));
  ASSERT_FALSE(pto.ok());
  EXPECT_NE(allMessages(pto).find("attention_block.mlir:9:9: error: [pto.tile-shape]"), std::string::npos)
      << allMessages(pto);
  // Asked together, the AscendC that was made is not handed out with the
  // PTO's failure: kilnd would take that for a lying worker's result (the
  // main job found it).
  CompileResult both =
      backendWithoutTools().compile(requestFor("attention_block.mlir", "ascend910b2", {Emit::kAscendC, Emit::kPto}));
  EXPECT_FALSE(both.ok());
  EXPECT_TRUE(both.artifacts.empty());
  CompileResult gemm =
      backendWithoutTools().compile(requestFor("mixed_precision_gemm.mlir", "ascend910b2", {Emit::kPto}));
  ASSERT_TRUE(gemm.ok()) << allMessages(gemm);
  for (const char *phase : {"@mixed_precision_gemm_p0_cube", "@mixed_precision_gemm_p1_vector"})
    EXPECT_NE(artifactOfKind(gemm, "pto")->bytes.find(phase), std::string::npos) << phase;
}

TEST(AscendCompile, CubeAndVectorWorkInsideOneLoopIsALocatedRefusal) {
  CompileRequest request = requestFor("gemm.mlir", "ascend910b2", {Emit::kAscendC});
  request.source = {"loop_mix.mlir",
                    "func.func @loop_mix(%a: memref<64x64xf32>, %b: memref<64x64xf32>, %c: memref<64x64xf32>)\n"
                    "    attributes {tile.kernel, tile.grid = array<i64: 2>} {\n"
                    "  %i = tile.program_id 0 : index\n"
                    "  %c0 = arith.constant 0 : index\n"
                    "  %c1 = arith.constant 1 : index\n"
                    "  %c2 = arith.constant 2 : index\n"
                    "  %zero = tile.constant 0.0 : !tile.tile<32x64xf32>\n"
                    "  %acc = scf.for %k = %c0 to %c2 step %c1 iter_args(%sum = %zero) -> (!tile.tile<32x64xf32>) {\n"
                    "    %ta = tile.load %a[%i, %k] : memref<64x64xf32> -> !tile.tile<32x32xf32>\n"
                    "    %tb = tile.load %b[%k, %c0] : memref<64x64xf32> -> !tile.tile<32x64xf32>\n"
                    "    %m = tile.matmul %ta, %tb, %sum : !tile.tile<32x32xf32>, !tile.tile<32x64xf32>, "
                    "!tile.tile<32x64xf32> -> !tile.tile<32x64xf32>\n"
                    "    %r = tile.relu %m : !tile.tile<32x64xf32>\n"
                    "    scf.yield %r : !tile.tile<32x64xf32>\n"
                    "  }\n"
                    "  tile.store %acc, %c[%i, %c0] : !tile.tile<32x64xf32>, memref<64x64xf32>\n"
                    "  return\n"
                    "}\n"};
  CompileResult result = backendWithoutTools().compile(request);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.artifacts.empty());
  const Diagnostic *mixed = nullptr;
  for (const Diagnostic &d : result.diagnostics)
    if (d.message.find("[ascend.mixed-cores]") != std::string::npos) mixed = &d;
  ASSERT_NE(mixed, nullptr) << allMessages(result);
  EXPECT_EQ(mixed->file, "loop_mix.mlir");
  EXPECT_EQ(mixed->line, 12u) << "at the vector op inside the loop";
  EXPECT_NE(mixed->message.find("inside one scf.for"), std::string::npos) << mixed->message;
  EXPECT_NE(mixed->message.find("ascend910b2 runs them on separate cores"), std::string::npos);
}

TEST(AscendCompile, AGridOverTheBlockDimIsALocatedError) {
  for (const char *grid : {"65536", "4611686018427387904, 4"}) {
    CompileRequest request = requestFor("vec_add.mlir", "ascend910b2", {Emit::kAscendC, Emit::kPto});
    request.source = {"grid.mlir", std::string("func.func @wide(%x: memref<64x32xf32>, %y: memref<64x32xf32>)\n"
                                               "    attributes {tile.kernel, tile.grid = array<i64: ") +
                                       grid + ">} {\n"
                                       "  %c0 = arith.constant 0 : index\n"
                                       "  %t = tile.load %x[%c0, %c0] : memref<64x32xf32> -> !tile.tile<32x32xf32>\n"
                                       "  tile.store %t, %y[%c0, %c0] : !tile.tile<32x32xf32>, memref<64x32xf32>\n"
                                       "  return\n"
                                       "}\n"};
    CompileResult result = backendWithoutTools().compile(request);
    ASSERT_FALSE(result.ok()) << grid;
    EXPECT_TRUE(result.artifacts.empty());
    EXPECT_NE(allMessages(result).find("grid.mlir:1:1: error: [ascend.block-dim] kernel @wide's grid is "),
              std::string::npos)
        << allMessages(result);
  }
  // 65535 blocks is a launch.
  CompileRequest edge = requestFor("vec_add.mlir", "ascend910b2", {Emit::kAscendC});
  edge.source = {"edge.mlir", "func.func @edge(%x: memref<64x32xf32>)\n"
                              "    attributes {tile.kernel, tile.grid = array<i64: 65535>} {\n"
                              "  %c0 = arith.constant 0 : index\n"
                              "  %t = tile.load %x[%c0, %c0] : memref<64x32xf32> -> !tile.tile<32x32xf32>\n"
                              "  tile.store %t, %x[%c0, %c0] : !tile.tile<32x32xf32>, memref<64x32xf32>\n"
                              "  return\n"
                              "}\n"};
  EXPECT_TRUE(backendWithoutTools().compile(edge).ok()) << allMessages(backendWithoutTools().compile(edge));
}

TEST(AscendCompile, KernelsThatDoNotFitGetTheLocatedCapacityError) {
  CompileRequest request = requestFor("vec_add.mlir", "ascend910b2", {Emit::kAscendC});
  // One 64x1024xf32 tile is 256 KiB; a 910B2's UB holds 192 KiB.
  request.source = {"big.mlir",
                    "func.func @big(%x: memref<64x1024xf32>, %y: memref<64x1024xf32>)\n"
                    "    attributes {tile.kernel, tile.grid = array<i64: 1>} {\n"
                    "  %c0 = arith.constant 0 : index\n"
                    "  %t = tile.load %x[%c0, %c0] : memref<64x1024xf32> -> !tile.tile<64x1024xf32>\n"
                    "  %e = tile.exp %t : !tile.tile<64x1024xf32>\n"
                    "  tile.store %e, %y[%c0, %c0] : !tile.tile<64x1024xf32>, memref<64x1024xf32>\n"
                    "  return\n"
                    "}\n"};
  CompileResult result = backendWithoutTools().compile(request);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(allMessages(result).find("big.mlir:4:"), std::string::npos) << allMessages(result);
  EXPECT_NE(allMessages(result).find("[oracle.capacity]"), std::string::npos) << allMessages(result);
}

TEST(AscendCompile, DeviceOverridesChangeThePlanAndTheProfile) {
  ascend::Config config;
  config.bisheng.path_override = kNowhere;
  config.ptoas.path_override = kNowhere;
  config.device_overrides_json = R"({"ascend910b2": {"ub": 1024}})";
  ascend::AscendBackend small(ascend::Toolchains::discover(config));
  CompileResult result = small.compile(requestFor("vec_add.mlir", "ascend910b2", {Emit::kAscendC}));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(allMessages(result).find("which has 1024"), std::string::npos) << allMessages(result);
  EXPECT_TRUE(small.profile().settings.count("ascend_device_overrides"));
  EXPECT_FALSE(backendWithoutTools().profile().settings.count("ascend_device_overrides"));
}

TEST(AscendCompile, RoutesSayWhichToolsEachEmitRuns) {
  ascend::AscendBackend backend = backendWithoutTools();
  CompileRequest request = requestFor("vec_add.mlir", "ascend910b2", {Emit::kAscendC, Emit::kPto});
  EXPECT_TRUE(toolsFor(backend.routes(), request).tools.empty());
  request.emit = {Emit::kObject};
  EXPECT_EQ(toolsFor(backend.routes(), request).tools, std::vector<std::string>{"bisheng"});
  request.emit = {Emit::kPtoObject};
  EXPECT_EQ(toolsFor(backend.routes(), request).tools, (std::vector<std::string>{"bisheng", "ptoas"}));
  // PTOAS has no arch for the 310P.
  request.target = "ascend310p3";
  EXPECT_FALSE(toolsFor(backend.routes(), request).missing.empty());
  // The missing tools are reported for operators, naming the search.
  ASSERT_EQ(backend.missingTools().size(), 2u);
  EXPECT_EQ(backend.profile().lowering, "kiln-ascend.1");
  EXPECT_FALSE(backend.profile().tools.count("bisheng"));
}

// The source name arrives over the wire; it reaches the generated AscendC
// and PTO only inside the location comments, as plain characters.
TEST(AscendCompile, AHostileSourceNameStaysInsideTheLocationComments) {
  CompileRequest request = requestFor("vec_add.mlir", "ascend910b2", {Emit::kAscendC, Emit::kPto});
  request.source.name = "x.mlir\n#include \"/etc/shadow\"\n??/\\";
  CompileResult result = backendWithoutTools().compile(request);
  ASSERT_TRUE(result.ok()) << allMessages(result);
  for (const char *kind : {"ascendc", "pto"}) {
    const std::string &text = artifactOfKind(result, kind)->bytes;
    EXPECT_EQ(text.find("#include \"/etc"), std::string::npos) << kind;
    EXPECT_EQ(text.find("??/"), std::string::npos) << kind;
    for (size_t at = text.find("@kiln.loc"); at != std::string::npos; at = text.find("@kiln.loc", at + 1)) {
      std::string line = text.substr(at, text.find('\n', at) - at);
      EXPECT_EQ(line.find('"'), std::string::npos) << kind << ": " << line;
      EXPECT_NE(line.back(), '\\') << kind << ": " << line;
    }
  }
  // The artifacts are named from a stem of safe characters.
  EXPECT_EQ(artifactOfKind(result, "ascendc")->name.find('/'), std::string::npos);
}

TEST(AscendCompile, CacheKeysCarryTheLoweringVersionAndTheToolsEachEmitRuns) {
  ascend::AscendBackend backend = backendWithoutTools();
  ToolchainProfile profile = backend.profile();
  profile.tools["bisheng"] = "bisheng 1.0 sha256:aa";
  profile.tools["ptoas"] = "ptoas 0.26 sha256:bb";
  auto keyOf = [&](const CompileRequest &request) {
    std::optional<CompileKey> key =
        compileKeyFor(request, "canonical:x", profile, toolsFor(backend.routes(), request).tools);
    EXPECT_TRUE(key);
    return key ? *key : CompileKey{};
  };
  CompileRequest source = requestFor("vec_add.mlir", "ascend910b2", {Emit::kAscendC});
  CompileKey ascendc = keyOf(source);
  EXPECT_EQ(ascendc.input.lowering_version, "kiln-ascend.1");
  EXPECT_TRUE(ascendc.input.tools.empty());
  CompileRequest object = source;
  object.emit = {Emit::kObject};
  EXPECT_EQ(keyOf(object).input.tools.at("bisheng"), "bisheng 1.0 sha256:aa");
  // Another bisheng is another key.
  CompileKey first = keyOf(object);
  profile.tools["bisheng"] = "bisheng 1.1 sha256:cc";
  EXPECT_NE(keyOf(object).digest.hex(), first.digest.hex());
  // The PTO level changes PTO keys only.
  CompileRequest pto = source;
  pto.emit = {Emit::kPto};
  CompileRequest pto2 = pto;
  pto2.pto_level = 2;
  EXPECT_NE(keyOf(pto).digest.hex(), keyOf(pto2).digest.hex());
  CompileRequest source2 = source;
  source2.pto_level = 2;
  EXPECT_EQ(keyOf(source).digest.hex(), keyOf(source2).digest.hex());
}

}  // namespace
}  // namespace kiln
