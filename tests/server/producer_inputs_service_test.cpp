// Other producers' sources through kilnd, end to end: PTX to a cubin on a
// worker with ptxas, a hit on the second request, a planted out-of-bounds
// access rejected and located, and binary requests for Ascend sources
// refused clearly where no worker holds bisheng.
#include <gtest/gtest.h>

#include "tests/server/service_fixture.h"

namespace kiln {
namespace {

fs::path ptxInput(const std::string &name) { return test::sourceDir() / "tests/backends/nvidia/ptx_inputs" / name; }

v1::CompileSpec ptxSpec(const std::string &name, const std::string &text) {
  v1::CompileSpec s;
  s.set_ir(text);
  s.set_source_name(name);
  s.set_ir_kind(v1::IR_KIND_PTX);
  s.set_target("sm_90");
  s.add_emit(v1::EMIT_CUBIN);
  return s;
}

// kiln's own PTX for a shared example: what a PTX producer would send.
std::string kilnPtx(client::Client &client, const std::string &example_name) {
  auto made = client.compile(spec(example(example_name), "sm_90", {v1::EMIT_PTX}));
  EXPECT_TRUE(std::holds_alternative<client::CompileOutput>(made));
  if (!std::holds_alternative<client::CompileOutput>(made)) return {};
  const client::CompileOutput &out = std::get<client::CompileOutput>(made);
  for (int i = 0; i < out.summary.artifacts_size(); ++i)
    if (out.summary.artifacts(i).kind() == "ptx") return out.artifacts[i];
  return {};
}

TEST_F(ServiceTest, PtxCompilesToACubinThenHitsAndCarriesPtxassReport) {
  if (!haveCuda()) GTEST_SKIP() << "needs ptxas under /usr/local/cuda/bin for cubins";
  start(config(true));
  client::Client client(clientConfig());
  std::string ptx = kilnPtx(client, "gemm");
  ASSERT_FALSE(ptx.empty());

  auto first = client.compile(ptxSpec("gemm.ptx", ptx));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(first)) << std::get<client::ClientError>(first).message;
  const client::CompileOutput &cold = std::get<client::CompileOutput>(first);
  ASSERT_TRUE(cold.summary.ok());
  EXPECT_FALSE(cold.summary.cache_hit());
  EXPECT_NE(cold.summary.tool_log().find("ptxas info    : Used "), std::string::npos) << cold.summary.tool_log();
  EXPECT_EQ(cold.summary.oracle_verdict(), "clean");

  auto second = client.compile(ptxSpec("gemm.ptx", ptx));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(second));
  const client::CompileOutput &warm = std::get<client::CompileOutput>(second);
  EXPECT_TRUE(warm.summary.cache_hit());
  EXPECT_EQ(warm.summary.action_key(), cold.summary.action_key());
  EXPECT_EQ(warm.artifacts, cold.artifacts);
  EXPECT_EQ(warm.summary.tool_log(), cold.summary.tool_log());

  // The same bytes as Tile IR are another request: the kind is in the key.
  v1::CompileSpec as_tile = ptxSpec("gemm.ptx", ptx);
  as_tile.set_ir_kind(v1::IR_KIND_TILE);
  auto tile = client.compile(as_tile);
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(tile));
  EXPECT_FALSE(std::get<client::CompileOutput>(tile).summary.ok());  // PTX is not Tile IR
}

TEST_F(ServiceTest, APlantedOutOfBoundsPtxAccessIsRejectedAndLocated) {
  start(config(true));
  client::Client client(clientConfig());
  auto answer = client.compile(ptxSpec("shared_oob.ptx", test::readFile(ptxInput("shared_oob.ptx"))));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(answer))
      << std::get<client::ClientError>(answer).message;
  const v1::CompileSummary &summary = std::get<client::CompileOutput>(answer).summary;
  EXPECT_FALSE(summary.ok());
  EXPECT_EQ(summary.artifacts_size(), 0);
  EXPECT_EQ(summary.oracle_verdict(), "errors");
  bool located = false;
  for (const v1::Diagnostic &d : summary.diagnostics())
    located |= d.message().rfind("[oracle.constant-oob]", 0) == 0 && d.file() == "shared_oob.ptx" && d.line() > 0;
  EXPECT_TRUE(located) << summary.DebugString();
}

TEST_F(ServiceTest, BinaryJunkSentAsPtxIsALocatedDiagnosticFromKilnd) {
  start(config(true));
  client::Client client(clientConfig());
  std::string junk = "\x7f" "ELF\x02\x01";
  junk += '\0';
  auto answer = client.compile(ptxSpec("a.out", junk));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(answer));
  const v1::CompileSummary &summary = std::get<client::CompileOutput>(answer).summary;
  EXPECT_FALSE(summary.ok());
  ASSERT_EQ(summary.diagnostics_size(), 1);
  EXPECT_EQ(summary.diagnostics(0).tool(), "kiln");
  EXPECT_NE(summary.diagnostics(0).message().find("[input.binary]"), std::string::npos);
  EXPECT_EQ(summary.worker(), "kilnd");  // no worker was asked
}

TEST_F(ServiceTest, AscendSourcesForABinaryAreRefusedClearlyWithoutABishengWorker) {
  start(config(false));
  startWorker("no-cann", {"--bisheng", "/nonexistent/cann", "--ptoas", "/nonexistent/ptoas"});
  awaitWorkers(1);
  client::Client client(clientConfig());
  struct Case {
    v1::IrKind kind;
    v1::Emit emit;
    const char *name;
    const char *missing;
  };
  for (const Case &c : {Case{v1::IR_KIND_ASCENDC, v1::EMIT_OBJ, "vec_add.cpp", "bisheng"},
                        Case{v1::IR_KIND_PTO, v1::EMIT_PTO_OBJ, "vec_add.pto", "ptoas"}}) {
    v1::CompileSpec s;
    s.set_ir("// a kernel\n");
    s.set_source_name(c.name);
    s.set_ir_kind(c.kind);
    s.set_target("ascend910b2");
    s.add_emit(c.emit);
    auto started = std::chrono::steady_clock::now();
    auto refused = client.compile(s);
    ASSERT_TRUE(std::holds_alternative<client::ClientError>(refused)) << c.name;
    const client::ClientError &error = std::get<client::ClientError>(refused);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
    EXPECT_EQ(error.codeName(), "FAILED_PRECONDITION") << error.message;
    EXPECT_NE(error.message.find(std::string("no connected worker can compile for ascend910b2 with ")),
              std::string::npos) << error.message;
    EXPECT_NE(error.message.find(std::string(c.missing) + " not found (searched: /nonexistent/"), std::string::npos)
        << error.message;
  }
  // A kind the target takes no route for is the request's mistake.
  v1::CompileSpec ptx_for_ascend;
  ptx_for_ascend.set_ir(".version 8.0\n");
  ptx_for_ascend.set_ir_kind(v1::IR_KIND_PTX);
  ptx_for_ascend.set_target("ascend910b2");
  ptx_for_ascend.add_emit(v1::EMIT_CUBIN);
  auto wrong = client.compile(ptx_for_ascend);
  ASSERT_TRUE(std::holds_alternative<client::ClientError>(wrong));
  EXPECT_EQ(std::get<client::ClientError>(wrong).codeName(), "INVALID_ARGUMENT")
      << std::get<client::ClientError>(wrong).message;
}

TEST_F(ServiceTest, AFailedLaterEmitKeepsTheWorkerAndHandsOutNothing) {
  // The main job found it: AscendC made, then PTO refused; the worker sent
  // the AscendC with the failure, kilnd took it for a lie and dropped the
  // worker. A failed compile now carries no artifact, and the worker stays.
  start(config(true));
  awaitWorkers(1);
  client::Client client(clientConfig());
  auto failed = client.compile(spec(example("attention_block"), "ascend910b2", {v1::EMIT_ASCENDC, v1::EMIT_PTO}));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(failed)) << std::get<client::ClientError>(failed).message;
  const client::CompileOutput &out = std::get<client::CompileOutput>(failed);
  EXPECT_FALSE(out.summary.ok());
  EXPECT_EQ(out.summary.artifacts_size(), 0);
  bool located = false;
  for (const v1::Diagnostic &d : out.summary.diagnostics())
    located |= d.message().rfind("[pto.tile-shape]", 0) == 0 && d.line() > 0;
  EXPECT_TRUE(located) << out.summary.DebugString();
  // The same worker serves the next request.
  auto next = client.compile(spec(example("attention_block"), "ascend910b2", {v1::EMIT_ASCENDC}));
  ASSERT_TRUE(std::holds_alternative<client::CompileOutput>(next)) << std::get<client::ClientError>(next).message;
  EXPECT_TRUE(std::get<client::CompileOutput>(next).summary.ok());
  auto status = client.status();
  ASSERT_TRUE(std::holds_alternative<v1::StatusReply>(status));
  EXPECT_EQ(std::get<v1::StatusReply>(status).workers_size(), 1);
}

}  // namespace
}  // namespace kiln
