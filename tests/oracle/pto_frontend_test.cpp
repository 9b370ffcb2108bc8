// The PTO-MLIR text front end: plans read from the fixtures in tests/oracle/pto
// (placed tiles, PlanMemory's pointer_casts, address forms, loops, opaque ops).
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "tests/oracle/pto_test_support.h"

namespace kiln::oracle {
namespace {

using plan::Buffer;
using plan::DType;
using plan::KernelPlan;
using plan::MemorySpace;
using plan::PlannedOp;

using namespace pto_test;

TEST(PtoFrontend, PlannedAddReadsAddressesSizesAndLiveRanges) {
  PtoReadResult read = readFixture("planned_add.pto");
  EXPECT_TRUE(read.diagnostics.empty()) << formatHeadline(read.diagnostics.front());
  ASSERT_EQ(read.functions.size(), 1u);
  const KernelPlan &plan = read.functions[0];
  EXPECT_EQ(plan.kernel, "vec_add");
  EXPECT_EQ(plan.target, "");
  ASSERT_EQ(plan.buffers.size(), 3u);

  const Buffer &ta = buffer(plan, "%ta");
  EXPECT_EQ(ta.id, 0);
  EXPECT_EQ(ta.space, MemorySpace::kUB);
  EXPECT_EQ(ta.offset, 0);
  EXPECT_EQ(ta.bytes, 512);
  EXPECT_EQ(ta.rows, 16);
  EXPECT_EQ(ta.cols, 16);
  EXPECT_EQ(ta.dtype, DType::kF16);
  EXPECT_EQ(ta.valid_rows, 16);
  EXPECT_EQ(ta.valid_cols, 16);
  EXPECT_EQ(ta.layout, "row_major");
  EXPECT_EQ(ta.secondary_layout, "none_box");
  EXPECT_EQ(ta.fractal, 512);
  EXPECT_EQ(ta.live_begin, 0);
  EXPECT_EQ(ta.live_end, 2);
  EXPECT_EQ(ta.defined_by, "pto.tload");
  EXPECT_EQ(ta.loc.file, "planned_add.pto");
  EXPECT_EQ(where(ta.loc), "17:5");

  // Spread over three lines: located at its first.
  const Buffer &tb = buffer(plan, "%tb");
  EXPECT_EQ(tb.offset, 512);
  EXPECT_EQ(tb.valid_rows, 16);
  EXPECT_EQ(where(tb.loc), "18:5");
  EXPECT_EQ(tb.live_begin, 1);
  EXPECT_EQ(tb.live_end, 2);

  // v_row=? is a dynamic valid size.
  const Buffer &tc = buffer(plan, "%tc");
  EXPECT_EQ(tc.offset, 1024);
  EXPECT_EQ(tc.valid_rows, 0);
  EXPECT_EQ(tc.valid_cols, 0);
  EXPECT_EQ(tc.live_begin, 2);
  EXPECT_EQ(tc.live_end, 3);
  EXPECT_EQ(tc.defined_by, "pto.tadd");

  ASSERT_EQ(plan.ops.size(), 4u);
  const PlannedOp &add = plan.ops[2];
  EXPECT_EQ(add.position, 2);
  EXPECT_EQ(add.name, "pto.tadd");
  EXPECT_EQ(where(add.loc), "24:5");
  EXPECT_EQ(add.operands, (std::vector<int>{ta.id, tb.id}));
  EXPECT_EQ(add.results, (std::vector<int>{tc.id}));
  EXPECT_EQ(add.operand_layouts, (std::vector<std::string>{"row_major", "row_major"}));
  EXPECT_EQ(add.result_layouts, (std::vector<std::string>{"row_major"}));
  // The global views in ins/outs are not tiles.
  EXPECT_TRUE(plan.ops[0].operands.empty());
  EXPECT_EQ(plan.ops[0].results, (std::vector<int>{ta.id}));
  EXPECT_EQ(plan.ops[3].name, "pto.tstore");
  EXPECT_EQ(plan.ops[3].operands, (std::vector<int>{tc.id}));
  EXPECT_TRUE(plan.ops[3].results.empty());
}

TEST(PtoFrontend, UnplannedTilesShortFormAndSeveralFunctions) {
  PtoReadResult read = readFixture("unplanned.pto");
  EXPECT_TRUE(read.diagnostics.empty()) << formatHeadline(read.diagnostics.front());
  // The bodiless declaration is no kernel.
  ASSERT_EQ(read.functions.size(), 2u);
  const KernelPlan &first = read.functions[0];
  EXPECT_EQ(first.kernel, "first");
  const Buffer &t = buffer(first, "%t");
  EXPECT_EQ(t.offset, -1);
  EXPECT_EQ(t.space, MemorySpace::kL1);
  EXPECT_EQ(t.dtype, DType::kBF16);
  EXPECT_EQ(t.bytes, 32 * 64 * 2);
  EXPECT_EQ(t.layout, "col_major");
  EXPECT_EQ(t.secondary_layout, "row_major");
  EXPECT_EQ(t.fractal, 1024);
  const Buffer &s = buffer(first, "%s");
  EXPECT_EQ(s.offset, -1);
  EXPECT_EQ(s.space, MemorySpace::kUB);
  EXPECT_EQ(s.rows, 8);
  EXPECT_EQ(s.cols, 512);
  EXPECT_EQ(s.bytes, 8 * 512 * 2);
  EXPECT_EQ(s.valid_rows, 0);
  ASSERT_EQ(first.ops.size(), 1u);
  // A short-form type writes no blayout: "" is the buffer's own.
  EXPECT_EQ(first.ops[0].operand_layouts, (std::vector<std::string>{"col_major"}));
  EXPECT_EQ(first.ops[0].result_layouts, (std::vector<std::string>{""}));

  const KernelPlan &second = read.functions[1];
  EXPECT_EQ(second.kernel, "second");
  EXPECT_TRUE(second.ops.empty());
  const Buffer &m = buffer(second, "%m");
  EXPECT_EQ(m.dtype, DType::kI8);  // ui8
  EXPECT_EQ(m.bytes, 1024);
  // valid_row = %c8 fills what v_row=? leaves open.
  EXPECT_EQ(m.valid_rows, 8);
  EXPECT_EQ(m.valid_cols, 8);
  // Never touched: live where it was allocated.
  EXPECT_EQ(m.live_begin, 0);
  EXPECT_EQ(m.live_end, 0);
  EXPECT_EQ(m.defined_by, "");
  const Buffer &n = buffer(second, "%n");
  EXPECT_EQ(n.offset, 2048);  // addr = <integer literal>
  EXPECT_EQ(n.space, MemorySpace::kBias);
  EXPECT_EQ(n.bytes, 256);
  const Buffer &q = buffer(second, "%q");
  EXPECT_EQ(q.space, MemorySpace::kL0B);
  EXPECT_EQ(q.dtype, DType::kI8);  // f8E4M3FN: one byte
  EXPECT_EQ(q.bytes, 4096);
  EXPECT_EQ(q.layout, "col_major");  // #pto.blayout<col_major>
}

TEST(PtoFrontend, PointerCastsAfterPlanMemory) {
  PtoReadResult read = readFixture("pointer_cast_matmul.pto");
  EXPECT_TRUE(read.diagnostics.empty()) << formatHeadline(read.diagnostics.front());
  ASSERT_EQ(read.functions.size(), 1u);
  const KernelPlan &plan = read.functions[0];
  ASSERT_EQ(plan.buffers.size(), 7u);

  const Buffer &a_mat = buffer(plan, "%a_mat");
  EXPECT_EQ(a_mat.space, MemorySpace::kL1);
  EXPECT_EQ(a_mat.offset, 0);
  EXPECT_EQ(a_mat.bytes, 2048);
  EXPECT_EQ(where(a_mat.loc), "9:5");
  // %c2048_i64 is never defined: its PlanMemory name gives the offset.
  const Buffer &b_mat = buffer(plan, "%b_mat");
  EXPECT_EQ(b_mat.offset, 2048);
  EXPECT_EQ(b_mat.layout, "col_major");  // from #pto.tile_buf_config
  EXPECT_EQ(b_mat.secondary_layout, "row_major");
  EXPECT_EQ(b_mat.fractal, 512);
  EXPECT_EQ(buffer(plan, "%a_l0").space, MemorySpace::kL0A);
  const Buffer &b_l0 = buffer(plan, "%b_l0");  // pointer_cast(%c0_i64, %c1) {...}
  EXPECT_EQ(b_l0.space, MemorySpace::kL0B);
  EXPECT_EQ(b_l0.offset, 0);
  const Buffer &acc = buffer(plan, "%acc");  // strided<...> in the memref
  EXPECT_EQ(acc.space, MemorySpace::kL0C);
  EXPECT_EQ(acc.dtype, DType::kF32);
  EXPECT_EQ(acc.bytes, 4096);
  const Buffer &out = buffer(plan, "%out");  // rank 1
  EXPECT_EQ(out.space, MemorySpace::kUB);
  EXPECT_EQ(out.offset, 4096);
  EXPECT_EQ(out.rows, 1);
  EXPECT_EQ(out.cols, 1024);
  EXPECT_EQ(out.bytes, 4096);
  const Buffer &bias = buffer(plan, "%bias");
  EXPECT_EQ(bias.space, MemorySpace::kBias);
  EXPECT_EQ(bias.offset, 64);
  EXPECT_EQ(bias.bytes, 128);

  // pto.bind_tile (its attributes spread over three lines) is a view of
  // %a_mat: an opaque op, and %a_view names the same buffer afterwards.
  ASSERT_EQ(plan.ops.size(), 8u);
  EXPECT_EQ(plan.ops[0].name, "pto.bind_tile");
  EXPECT_EQ(where(plan.ops[0].loc), "11:15");
  EXPECT_EQ(plan.ops[0].operands, (std::vector<int>{a_mat.id}));
  EXPECT_EQ(plan.ops[0].results, (std::vector<int>{a_mat.id}));
  EXPECT_EQ(plan.ops[1].name, "pto.tload");
  EXPECT_EQ(plan.ops[1].results, (std::vector<int>{a_mat.id}));
  EXPECT_EQ(plan.ops[1].result_layouts, (std::vector<std::string>{""}));  // a memref says nothing
  const PlannedOp &matmul = plan.ops[5];
  EXPECT_EQ(matmul.name, "pto.tmatmul");  // attributes before ins(...)
  EXPECT_EQ(matmul.operands, (std::vector<int>{idOf(plan, "%a_l0"), b_l0.id}));
  EXPECT_EQ(matmul.results, (std::vector<int>{acc.id}));
  EXPECT_EQ(plan.ops[6].name, "pto.castptr");
  EXPECT_EQ(plan.ops[6].operands, (std::vector<int>{bias.id}));
  EXPECT_EQ(a_mat.live_begin, 0);
  EXPECT_EQ(a_mat.live_end, 3);
  EXPECT_EQ(acc.live_begin, 5);
  EXPECT_EQ(acc.live_end, 7);
  EXPECT_EQ(acc.defined_by, "pto.tmatmul");
}

TEST(PtoFrontend, LoopsKeepTilesFromBeforeThemLiveToTheirEnd) {
  PtoReadResult read = readFixture("loop.pto");
  EXPECT_TRUE(read.diagnostics.empty()) << formatHeadline(read.diagnostics.front());
  ASSERT_EQ(read.functions.size(), 2u);
  const KernelPlan &plan = read.functions[0];
  // 0 tload k | 1 texpands acc | scf.for { 2 tload x | 3 tadd | scf.if { 4 tmuls } else { 5 tfoo } } | 6 tstore
  ASSERT_EQ(plan.ops.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(plan.ops[i].position, i);
  const Buffer &k = buffer(plan, "%k");
  EXPECT_EQ(k.live_begin, 0);
  EXPECT_EQ(k.live_end, 5);  // last touched at 3, but the loop runs again
  const Buffer &acc = buffer(plan, "%acc");
  EXPECT_EQ(acc.live_begin, 1);
  EXPECT_EQ(acc.live_end, 6);
  const Buffer &x = buffer(plan, "%x");  // first touched inside: no extension
  EXPECT_EQ(x.live_begin, 2);
  EXPECT_EQ(x.live_end, 5);
  const Buffer &unused = buffer(plan, "%unused");
  EXPECT_EQ(unused.live_begin, 0);
  EXPECT_EQ(unused.live_end, 0);
  const Buffer &late = buffer(plan, "%late");
  EXPECT_EQ(late.live_begin, 7);
  EXPECT_EQ(late.live_end, 7);
  // The generic-form op is opaque: read and written; "%acc" in its string
  // attribute is not a use.
  const PlannedOp &opaque = plan.ops[5];
  EXPECT_EQ(opaque.name, "pto.tfoo");
  EXPECT_EQ(where(opaque.loc), "27:9");
  EXPECT_EQ(opaque.operands, (std::vector<int>{x.id}));
  EXPECT_EQ(opaque.results, (std::vector<int>{x.id}));
  EXPECT_EQ(opaque.operand_layouts, (std::vector<std::string>{""}));
  EXPECT_EQ(plan.ops[3].operands, (std::vector<int>{acc.id, k.id}));
  EXPECT_EQ(plan.ops[3].results, (std::vector<int>{acc.id}));

  // scf.while: `} do {` continues the loop, so %w (used before it and in
  // its first region) lives through the second.
  const KernelPlan &loop = read.functions[1];
  EXPECT_EQ(loop.kernel, "while_loop");
  ASSERT_EQ(loop.ops.size(), 5u);
  const Buffer &w = buffer(loop, "%w");
  EXPECT_EQ(w.live_begin, 0);
  EXPECT_EQ(w.live_end, 2);
  // %u = pto.subset %y[...] is a view of %y: the store of %u reads %y.
  const Buffer &y = buffer(loop, "%y");
  EXPECT_EQ(loop.ops[3].name, "pto.subset");
  EXPECT_EQ(loop.ops[4].name, "pto.tstore");
  EXPECT_EQ(loop.ops[4].operands, (std::vector<int>{y.id}));
  EXPECT_EQ(y.live_begin, 1);
  EXPECT_EQ(y.live_end, 4);
}

TEST(PtoFrontend, NestedAndSequentialLoops) {
  std::string t = std::string(" : ") + kTile + "\n";
  std::string ins = std::string(" : ") + kTile + ")";
  std::string body = "    %a = pto.alloc_tile addr = %c0_i64" + t +
                     "    %b = pto.alloc_tile addr = %c0_i64" + t +
                     "    pto.tload ins(%v : i64) outs(%a" + ins + "\n"  // 0
                     "    scf.for %i = %c0 to %c4 step %c1 {\n"
                     "      pto.tstore ins(%a" + ins + " outs(%v : i64)\n"  // 1
                     "    }\n"
                     "    scf.for %i = %c0 to %c4 step %c1 {\n"
                     "      scf.for %j = %c0 to %c4 step %c1 {\n"
                     "        pto.tstore ins(%a" + ins + " outs(%v : i64)\n"  // 2
                     "      }\n"
                     "      pto.barrier\n"
                     "      pto.tload ins(%v : i64) outs(%unknown" + ins + "\n"  // not a tile: no op
                     "      pto.tload ins(%v : i64) outs(%b" + ins + "\n"  // 3
                     "    }\n"
                     "    scf.for %i = %c0 to %c4 step %c1 {\n"
                     "      pto.tstore ins(%b" + ins + " outs(%v : i64)\n"  // 4
                     "      pto.tstore ins(%b" + ins + " outs(%v : i64)\n"  // 5
                     "    }\n";
  PtoReadResult read = readPto(kernel(body), "k.pto");
  EXPECT_TRUE(read.diagnostics.empty()) << formatHeadline(read.diagnostics.front());
  ASSERT_EQ(read.functions.size(), 1u);
  EXPECT_EQ(read.functions[0].ops.size(), 6u);
  // Last touched in the inner loop of the second nest: live to the end of
  // the outer one, which runs the inner one again.
  const Buffer &a = buffer(read.functions[0], "%a");
  EXPECT_EQ(a.live_begin, 0);
  EXPECT_EQ(a.live_end, 3);
  // First touched inside the second nest, then in the third loop only.
  const Buffer &b = buffer(read.functions[0], "%b");
  EXPECT_EQ(b.live_begin, 3);
  EXPECT_EQ(b.live_end, 5);
}

TEST(PtoFrontend, AddressForms) {
  std::string body = std::string("    %neg = arith.constant -32 : i64\n") +
                     "    %c64 = arith.constant 64 : index\n" +
                     "    %a = pto.alloc_tile addr = 4096 : " + kTile + "\n" +
                     "    %b = pto.alloc_tile addr = %c64 : " + kTile + "\n" +
                     "    %c = pto.alloc_tile addr = -8 : " + kTile + "\n" +
                     "    %d = pto.alloc_tile addr = %neg : " + kTile + "\n" +
                     "    %e = pto.alloc_tile addr = 0x10 : " + kTile + "\n" +
                     "    %f = pto.pointer_cast(%c8_i64) : memref<16x16xf16, #pto.address_space<vec>>\n" +
                     "    %g = pto.pointer_cast(%c64) : memref<16x16xf16, #pto.address_space<vec>>\n" +
                     "    %h = pto.pointer_cast(%later) : memref<16x16xf16, #pto.address_space<vec>>\n" +
                     "    %later = arith.constant 128 : i64\n";
  PtoReadResult read = readPto(kernel(body), "k.pto");
  std::vector<std::string> expected = {
      "8:32 addr -8 is negative",
      "9:32 addr %neg is negative (-32)",
      "10:32 addr needs a constant SSA value or an integer, not '0x10'",
      "13:27 pto.pointer_cast address %later is not a constant defined earlier",
  };
  EXPECT_EQ(located(read.diagnostics), expected);
  ASSERT_EQ(read.functions.size(), 1u);
  const KernelPlan &plan = read.functions[0];
  EXPECT_EQ(buffer(plan, "%a").offset, 4096);
  EXPECT_EQ(buffer(plan, "%b").offset, 64);
  EXPECT_EQ(buffer(plan, "%f").offset, 8);
  EXPECT_EQ(buffer(plan, "%g").offset, 64);
  EXPECT_EQ(plan.buffers.size(), 4u);
}

TEST(PtoFrontend, OpaqueOpsCommentsAndConstantsPerFunction) {
  std::string body = std::string("    %t1 = pto.alloc_tile addr = %c0_i64 : ") + kTile + "\n" +
                     "    %t2 = pto.alloc_tile addr = %c0_i64 : " + kTile + "  // %t3 = pto.alloc_tile\n" +
                     "    // pto.tadd ins(%t1, %t2 : i64, i64) outs(%t1 : i64)\n" +
                     "    %r = foo.bar %t1, %t2, %t1 : i64\n" +
                     "    %s = arith.addi %c0_i64, %c0_i64 : i64\n" +
                     "    pto.texpands outs(%t2 : !pto.tile_buf<loc=vec, dtype=f16, rows=16, cols=16, "
                     "blayout=col_major>)\n";
  std::string text = kernel(body) + "func.func @other() {\n  %x = pto.alloc_tile addr = %c0_i64 : " + kTile + "\n}\n";
  PtoReadResult read = readPto(text, "k.pto");
  // Constants belong to their function.
  EXPECT_EQ(located(read.diagnostics),
            (std::vector<std::string>{"14:30 addr %c0_i64 is not a constant defined earlier"}));
  ASSERT_EQ(read.functions.size(), 2u);
  const KernelPlan &plan = read.functions[0];
  ASSERT_EQ(plan.buffers.size(), 2u);
  ASSERT_EQ(plan.ops.size(), 2u);
  EXPECT_EQ(plan.ops[0].name, "foo.bar");
  EXPECT_EQ(where(plan.ops[0].loc), "7:10");
  EXPECT_EQ(plan.ops[0].operands, (std::vector<int>{0, 1}));
  EXPECT_EQ(plan.ops[0].results, (std::vector<int>{0, 1}));
  EXPECT_EQ(plan.ops[1].name, "pto.texpands");
  EXPECT_TRUE(plan.ops[1].operands.empty());
  EXPECT_EQ(plan.ops[1].result_layouts, (std::vector<std::string>{"col_major"}));
  EXPECT_EQ(buffer(plan, "%t2").defined_by, "foo.bar");
  EXPECT_TRUE(read.functions[1].buffers.empty());
}

}  // namespace
}  // namespace kiln::oracle
