// The source kind and the ptxas options on the wire (proto/convert/
// wire_convert.h): they round-trip, unknown kinds and options that do not
// fit the kind are refused with a message, and requests from before the
// field are Tile IR.
#include <gtest/gtest.h>

#include "core/input_kind.h"
#include "proto/convert/artifact_names.h"
#include "proto/convert/wire_convert.h"

namespace kiln::wire {
namespace {

TEST(InputKindWire, EveryKindAndTheOptionsRoundTrip) {
  for (InputKind kind : kAllInputKinds) {
    CompileRequest request;
    request.input = kind;
    request.source = {"k", "text"};
    if (kind == InputKind::kPtx) request.ptxas = {1, true, true, false, 2, false};
    SpecResult back = fromSpec(toSpec(request));
    ASSERT_TRUE(back.request) << back.error;
    EXPECT_EQ(back.request->input, kind);
    EXPECT_EQ(back.request->ptxas, request.ptxas);
  }
}

TEST(InputKindWire, ARequestWithoutTheFieldIsTileIr) {
  v1::CompileSpec spec;
  spec.add_emit(v1::EMIT_CUBIN);
  SpecResult back = fromSpec(spec);
  ASSERT_TRUE(back.request);
  EXPECT_EQ(back.request->input, InputKind::kTileIr);
  EXPECT_TRUE(back.request->ptxas.isDefault());
}

TEST(InputKindWire, RefusesUnknownKindsAndOptionsThatDoNotFit) {
  v1::CompileSpec spec;
  spec.add_emit(v1::EMIT_CUBIN);
  spec.set_ir_kind(static_cast<v1::IrKind>(42));
  EXPECT_NE(fromSpec(spec).error.find("unknown IR kind 42"), std::string::npos);

  spec.set_ir_kind(v1::IR_KIND_TILE);
  spec.set_line_info(true);
  EXPECT_NE(fromSpec(spec).error.find("apply to PTX inputs, not Tile IR"), std::string::npos);
  spec.set_line_info(false);
  spec.set_ptxas_verbose(false);
  EXPECT_NE(fromSpec(spec).error.find("apply to PTX inputs, not Tile IR"), std::string::npos);

  spec.set_ir_kind(v1::IR_KIND_PTX);
  spec.set_opt_level(7);
  EXPECT_NE(fromSpec(spec).error.find("unknown ptxas opt level 7"), std::string::npos);
  spec.set_opt_level(0);
  ASSERT_TRUE(fromSpec(spec).request);
  EXPECT_EQ(fromSpec(spec).request->ptxas.opt_level, 0);
}

TEST(InputKindWire, RoutesCarryTheirInputKind) {
  EmitRoute route{{"sm_90"}, CompilePath::kBuiltin, Emit::kCubin, {"ptxas"}, InputKind::kPtx};
  std::optional<EmitRoute> back = fromProto(toProto(route));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, route);
}

TEST(InputKindFiles, TheExtensionSaysTheKindOrNothing) {
  EXPECT_EQ(inputKindForFile("dir/gemm.mlir"), InputKind::kTileIr);
  EXPECT_EQ(inputKindForFile("add_kernel.ptx"), InputKind::kPtx);
  EXPECT_EQ(inputKindForFile("vec_add.cpp"), InputKind::kAscendC);
  EXPECT_EQ(inputKindForFile("vec_add.asc"), InputKind::kAscendC);
  EXPECT_EQ(inputKindForFile("k.pto"), InputKind::kPto);
  EXPECT_EQ(inputKindForFile("Makefile"), std::nullopt);
  EXPECT_EQ(inputKindForFile("a.ptx/kernel"), std::nullopt);
}

TEST(ToolLogShape, AWorkersToolLogMustBeBoundedText) {
  CompileResult result;
  result.artifacts = {{"k.cubin", "cubin", "x"}, {"launch.json", "launch", "{}"}};
  result.tool_log = "ptxas info    : Used 8 registers\n\t0 bytes stack frame\n";
  EXPECT_EQ(resultShapeProblem({Emit::kCubin}, result), "");
  result.tool_log = std::string("ptxas info\x1b[2J");
  EXPECT_NE(resultShapeProblem({Emit::kCubin}, result).find("control byte 27"), std::string::npos);
  result.tool_log = std::string(kMaxToolLogBytes + 1, 'a');
  EXPECT_NE(resultShapeProblem({Emit::kCubin}, result).find("a tool log of"), std::string::npos);
}

}  // namespace
}  // namespace kiln::wire
