// The PTO-MLIR text front end on bad input: malformed tiles, types and
// structure are located errors, and hostile input neither crashes nor hangs it.
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

TEST(PtoFrontend, MalformedTilesAreLocatedErrors) {
  PtoReadResult read = readFixture("malformed_tiles.pto");
  std::vector<std::string> expected = {
      "4:60 unknown tile location 'foo'; expected vec, mat, left, right, acc or bias",
      "5:32 addr %nowhere is not a constant defined earlier",
      "6:42 pto.alloc_tile needs rows=, cols= and dtype=",
      "7:71 unknown tile dtype 'f64'; expected f32, f16, bf16, i32, i16, i8 or another 8-, 16- or 32-bit type",
      "8:81 rows=99999999999999999999 does not fit in a 64-bit integer",
      "9:81 rows=-16 must be positive",
      "10:42 tile of 1048576x1048576xf32 is over 1 TiB; no on-chip buffer is that large",
      "12:5 tile %h is defined twice",
      "13:55 unterminated '<' in tile type",
      "15:27 pto.pointer_cast address %addr is not a constant defined earlier",
      "16:75 unknown tile location 'gm'; expected vec, mat, left, right, acc or bias",
      "17:45 tile memref '?x16xf16' needs positive static sizes",
  };
  EXPECT_EQ(located(read.diagnostics), expected);
  for (const Diagnostic &d : read.diagnostics) {
    EXPECT_EQ(d.severity, Severity::kError);
    EXPECT_EQ(d.tool, "kiln-oracle");
    EXPECT_EQ(d.file, "malformed_tiles.pto");
  }
  const Diagnostic &twice = read.diagnostics[7];
  ASSERT_EQ(twice.notes.size(), 1u);
  EXPECT_EQ(where(twice.notes[0]), "11:5");
  EXPECT_EQ(twice.notes[0].severity, Severity::kNote);
  EXPECT_EQ(twice.notes[0].message, "first defined here");
  // What could be read still is, and the line after the broken type is
  // its own statement.
  ASSERT_EQ(read.functions.size(), 1u);
  const KernelPlan &plan = read.functions[0];
  ASSERT_EQ(plan.buffers.size(), 1u);
  ASSERT_EQ(plan.ops.size(), 1u);
  EXPECT_EQ(where(plan.ops[0].loc), "14:5");
  EXPECT_EQ(plan.ops[0].operands, (std::vector<int>{0, 0}));
}

TEST(PtoFrontend, MalformedStructureIsLocated) {
  PtoReadResult read = readFixture("malformed_structure.pto");
  std::vector<std::string> expected = {
      "1:1 unmatched '}'",
      "6:27 integer constant 123456789012345678901 does not fit in a 64-bit integer",
      "7:32 addr %neg is negative (-64)",
      "9:17 unterminated '(': no matching ')' before the next statement",
      "3:13 function @open_paren has no closing '}'",
  };
  EXPECT_EQ(located(read.diagnostics), expected);
  // The unclosed function is still read, to the end of the file.
  ASSERT_EQ(read.functions.size(), 1u);
  EXPECT_EQ(read.functions[0].ops.size(), 3u);
  EXPECT_EQ(buffer(read.functions[0], "%u").live_end, 2);
}

TEST(PtoFrontend, TileTypeErrors) {
  struct Case {
    std::string type;
    std::string message;
  };
  std::vector<Case> cases = {
      {"!pto.tile_buf<dtype=f16, rows=16, cols=16>", "pto.alloc_tile needs loc= (vec, mat, left, right, acc or bias)"},
      {"!pto.tile_buf<loc=vec, dtype=f16, rows=16, cols=16, blayout=zigzag>",
       "unknown blayout 'zigzag'; expected row_major or col_major"},
      {"!pto.tile_buf<loc=vec, dtype=f16, rows=0, cols=16>", "rows=0 must be positive"},
      {"!pto.tile_buf<loc=vec, dtype=f16, rows=16, cols=16, v_row=-1>", "v_row=-1 is negative"},
      {"!pto.tile_buf<loc=vec, dtype=f16, rows=?, cols=16>", "rows=? is not an integer"},
      {"!pto.tile_buf<loc=vec, dtype=f16, rows=16, cols=16, fractal=99999999999999999999>",
       "fractal=99999999999999999999 does not fit in a 64-bit integer"},
      {"!pto.tile_buf<vec, 16xf16>", "tile shape '16xf16' must be ROWSxCOLSxTYPE"},
      {"!pto.tile_buf<loc=vec, dtype=i1, rows=16, cols=16>",
       "unknown tile dtype 'i1'; expected f32, f16, bf16, i32, i16, i8 or another 8-, 16- or 32-bit type"},
      {"!pto.tile_buf<loc=vec, dtype=f32, rows=9223372036854775807, cols=9223372036854775807>",
       "tile of 9223372036854775807x9223372036854775807xf32 is over 1 TiB; no on-chip buffer is that large"},
      {"memref<16x16xf16>", "pto.alloc_tile needs a !pto.tile_buf<...> type"},
  };
  for (const Case &c : cases) {
    PtoReadResult read = readPto(kernel("    %t = pto.alloc_tile : " + c.type + "\n"), "k.pto");
    ASSERT_EQ(read.diagnostics.size(), 1u) << c.type;
    EXPECT_EQ(read.diagnostics[0].message, c.message) << c.type;
    EXPECT_EQ(read.diagnostics[0].line, 4u) << c.type;
    ASSERT_EQ(read.functions.size(), 1u);
    EXPECT_TRUE(read.functions[0].buffers.empty()) << c.type;
  }
  PtoReadResult cast = readPto(
      kernel("    %t = pto.pointer_cast(%c0_i64) : memref<2x2x2xf16, #pto.address_space<vec>>\n"
             "    %u = pto.pointer_cast(%c0_i64) : memref<16x16xf16>\n"),
      "k.pto");
  EXPECT_EQ(located(cast.diagnostics),
            (std::vector<std::string>{"4:45 pto.pointer_cast needs a memref of rank 1 or 2",
                                      "5:38 pto.pointer_cast needs a memref in a tile address space "
                                      "(#pto.address_space<vec>, ...)"}));
}

// Every prefix of every fixture: cut anywhere, the reader still returns, and
// every location it reports lies inside the text.
TEST(PtoFrontend, EveryPrefixOfEveryFixtureIsReadSafely) {
  for (const char *name : {"planned_add.pto", "pointer_cast_matmul.pto", "loop.pto", "unplanned.pto",
                           "malformed_tiles.pto", "malformed_structure.pto"}) {
    std::string text = fixture(name);
    for (std::size_t size = 0; size <= text.size(); ++size) {
      std::string_view prefix(text.data(), size);
      unsigned lines = 1;
      for (char c : prefix) lines += c == '\n';
      PtoReadResult read = readPto(prefix, name);
      for (const Diagnostic &d : read.diagnostics) {
        ASSERT_GE(d.line, 1u) << name << " cut at " << size << ": " << d.message;
        ASSERT_LE(d.line, lines) << name << " cut at " << size << ": " << d.message;
        ASSERT_GE(d.column, 1u);
      }
      for (const KernelPlan &plan : read.functions)
        for (const PlannedOp &op : plan.ops)
          for (int id : op.operands) ASSERT_LT(static_cast<std::size_t>(id), plan.buffers.size());
    }
  }
}

TEST(PtoFrontend, HostileInputIsLinearAndNeverRecurses) {
  auto start = std::chrono::steady_clock::now();
  const int n = 200000;
  std::string deep = "func.func @deep() {\n" + std::string(n, '(') + "\n" + std::string(n, '<') + "\n";
  for (int i = 0; i < 20000; ++i) deep += "scf.for %i = %a to %b step %c {\n";
  deep += std::string(n, '}') + "\n";
  PtoReadResult read = readPto(deep, "deep.pto");
  EXPECT_FALSE(read.diagnostics.empty());

  // Many tiles, each touched once inside many loops.
  std::string wide = "func.func @wide() {\n  %c0_i64 = arith.constant 0 : i64\n";
  for (int i = 0; i < 5000; ++i)
    wide += "  %t" + std::to_string(i) + " = pto.alloc_tile addr = %c0_i64 : " + kTile + "\n";
  for (int i = 0; i < 5000; ++i)
    wide += "  scf.for %i = %a to %b step %c {\n    \"x.y\"(%t" + std::to_string(i) + ", %t0) : () -> ()\n  }\n";
  wide += "}\n";
  PtoReadResult many = readPto(wide, "wide.pto");
  EXPECT_TRUE(many.diagnostics.empty());
  ASSERT_EQ(many.functions.size(), 1u);
  EXPECT_EQ(many.functions[0].ops.size(), 5000u);
  EXPECT_EQ(many.functions[0].buffers[0].live_end, 4999);
  EXPECT_EQ(many.functions[0].buffers[1].live_end, 1);

  // An unterminated string or type does not swallow what follows it.
  PtoReadResult quote =
      readPto(kernel("    \"x.y\"(%c0_i64) {s = \"unterminated\n"
                     "    %t = pto.alloc_tile : " + std::string(kTile) + "\n"),
              "q.pto");
  ASSERT_EQ(quote.functions.size(), 1u);
  EXPECT_EQ(quote.functions[0].buffers.size(), 1u);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

}  // namespace
}  // namespace kiln::oracle
