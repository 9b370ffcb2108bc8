// The binary emits' wiring, end to end through the Backend, with kiln's
// test STAND-INS for bisheng and ptoas (tests/backends/ascend/toolchain/
// standin/): they check the command lines they get and write bytes that say
// they are stand-in output. Nothing here is a compile; what it shows is
// that kiln's AscendC reaches bisheng, kiln's PTO reaches ptoas and ptoas'
// output reaches bisheng, with the right artifact names and tool identities.
#include <gtest/gtest.h>

#include "tests/backends/ascend/backend/standin_backend.h"
#include "tests/support/test_files.h"

namespace kiln {
namespace {

const Artifact *named(const CompileResult &result, const std::string &name) {
  for (const Artifact &a : result.artifacts)
    if (a.name == name) return &a;
  return nullptr;
}

TEST(StandInToolChain, ObjAndPtoObjRunTheStandInsInOrderAndSayTheyAreStandIns) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  ASSERT_TRUE(backend.toolchains().bisheng()) << formatHeadline(backend.missingTools().front());
  ASSERT_TRUE(backend.toolchains().ptoas());

  CompileRequest request;
  request.source = {"vec_add.mlir", test::readFile(std::filesystem::path(KILN_SHARED_DIR_HINT) / "vec_add.mlir")};
  request.target = "ascend910b2";
  request.emit = {Emit::kObject, Emit::kPtoObject};
  CompileResult result = backend.compile(request);
  std::string said;
  for (const Diagnostic &d : result.diagnostics) said += formatHeadline(d) + "\n";
  ASSERT_TRUE(result.ok()) << said;
  const Artifact *obj = named(result, "vec_add.o");
  const Artifact *ptoObj = named(result, "vec_add.pto.o");
  ASSERT_TRUE(obj && ptoObj && named(result, "launch.json"));
  EXPECT_EQ(obj->kind, "obj");
  EXPECT_EQ(ptoObj->kind, "pto-obj");
  EXPECT_NE(obj->bytes.find("STAND-IN"), std::string::npos) << obj->bytes;
  EXPECT_NE(ptoObj->bytes.find("STAND-IN"), std::string::npos) << ptoObj->bytes;
  // bisheng twice (the AscendC, then ptoas' C++), ptoas once.
  ASSERT_EQ(result.tools.size(), 3u);
  EXPECT_EQ(result.tools[0], backend.toolchains().bisheng()->identity().key());
  EXPECT_EQ(result.tools[1], backend.toolchains().ptoas()->identity().key());
  EXPECT_EQ(result.tools[2], backend.toolchains().bisheng()->identity().key());
  // The profile names both, so they enter the keys of these emits.
  EXPECT_TRUE(backend.profile().tools.count("bisheng"));
  EXPECT_TRUE(backend.profile().tools.count("ptoas"));
}

TEST(StandInToolChain, AMixedKernelGetsOneObjectPerCoreKindOfItsPhases) {
  ascend::test::StandInBackend standins;
  const ascend::AscendBackend &backend = *standins.backend;
  ASSERT_TRUE(backend.toolchains().bisheng() && backend.toolchains().ptoas());

  CompileRequest request;
  request.source = {"mixed_precision_gemm.mlir", test::readFile(test::sourceDir() / "examples" / "mixed_precision_gemm.mlir")};
  request.target = "ascend910b2";
  request.emit = {Emit::kObject, Emit::kPtoObject};
  CompileResult result = backend.compile(request);
  std::string said;
  for (const Diagnostic &d : result.diagnostics) said += formatHeadline(d) + "\n";
  ASSERT_TRUE(result.ok()) << said;
  for (const char *name : {"mixed_precision_gemm.cube.o", "mixed_precision_gemm.vector.o",
                           "mixed_precision_gemm.cube.pto.o", "mixed_precision_gemm.vector.pto.o"}) {
    const Artifact *a = named(result, name);
    ASSERT_TRUE(a) << name;
    EXPECT_NE(a->bytes.find("STAND-IN"), std::string::npos) << name;
  }
  EXPECT_FALSE(named(result, "mixed_precision_gemm.o")) << "no object claims to hold both core kinds";
  // bisheng per kind on the AscendC, then per kind ptoas and bisheng.
  EXPECT_EQ(result.tools.size(), 6u);
}

}  // namespace
}  // namespace kiln
